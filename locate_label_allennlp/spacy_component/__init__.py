"""The spaCy pipeline component ``locate_label_ner`` (registered by the ``spacy_factories`` entry point)."""
