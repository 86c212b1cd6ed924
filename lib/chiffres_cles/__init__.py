"""chiffres-cles: the Cnam's yearly statistical publication « Chiffres clés », from a
row-level extraction of the SIAP warehouse to the HTML book, the PDF and the Excel/CSV annex."""

__version__ = "0.1.0"
