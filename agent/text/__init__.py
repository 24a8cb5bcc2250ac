"""Text on images: fonts (per script and style) and fitting a text into its box."""
