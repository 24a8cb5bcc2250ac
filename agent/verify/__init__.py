"""Readers that check an image: colour naming (CIELAB prototypes) and OCR."""
