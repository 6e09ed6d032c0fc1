"""The version of symkl, in one place (``symkl.__version__``, ``symkl --version``)."""

__version__ = "0.1.0"
