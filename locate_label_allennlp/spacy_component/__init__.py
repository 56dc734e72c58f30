"""The spaCy pipeline component ``locate_label_ner`` (registered through the ``spacy_factories`` entry point)."""
