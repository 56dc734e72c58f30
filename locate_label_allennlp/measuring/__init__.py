"""Measurements of the model's speed and accuracy as users run it (inference, quantisation, prediction)."""
