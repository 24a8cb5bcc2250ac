"""The words Scenecraft reads and draws: the planner's lexicon (numbers, plurals, colours, categories) and the
pictogram / background-colour tables.
"""
