"""The sketch node's key keeps the prompt's pile phrases ("a stack of books") and nothing else of it."""

from agent.compiler import compile_scene
from agent.scene import Scene
from agent.vocab.pictograms import pile_phrases


def books(prompt: str) -> Scene:
    return Scene.parse({"prompt": prompt, "objects": [
        {"id": f"b{i}", "name": "book", "box": [0.1 + 0.3 * i, 0.3, 0.3 + 0.3 * i, 0.6]} for i in range(3)]})


def test_pile_phrases_are_what_the_sketch_needs_of_the_prompt():
    phrases = pile_phrases("A Stack of five red plates and piles of books")
    assert phrases == "stack of five red plates and; piles of books"
    assert pile_phrases("three books on a shelf") == ""


def test_a_stack_of_books_reaches_the_sketch_node_and_rewording_the_rest_keeps_its_key():
    key = compile_scene(books("a stack of books")).node("sketch").params["scene"]
    assert "stack of books" in key["prompt"]
    assert compile_scene(books("a stack of books, please")).node("sketch").params["scene"] == key
    assert compile_scene(books("three books")).node("sketch").params["scene"]["prompt"] == ""
