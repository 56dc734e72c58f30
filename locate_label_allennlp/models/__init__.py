from locate_label_allennlp.models.locate_and_label import LocateAndLabel

__all__ = ["LocateAndLabel"]
