"""Vectorised helpers where pandas is slow on Arrow-backed strings (pandas 3 default).

`Series.isin` on Arrow strings walks the value list in Python; pyarrow's `is_in` hashes it.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc


def _arrow_strings(values) -> pa.Array:
    if isinstance(values, (pd.Series, pd.Index)):
        strings = values.astype("string").array
        try:  # Arrow-backed already: no Python object per value
            arr = pa.array(strings)
        except (TypeError, pa.ArrowException):
            arr = None
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        if arr is not None and (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            return arr.cast(pa.string())
        values = values.astype("string").to_numpy(dtype=object, na_value=None)
    else:
        values = np.asarray(list(values), dtype=object)
    return pa.array(values, type=pa.string(), from_pandas=True)


def isin(series: pd.Series, values) -> pd.Series:
    """`series.isin(values)` for string-like series, missing values never in."""
    hits = pc.is_in(_arrow_strings(series), value_set=pc.unique(_arrow_strings(values)))
    return pd.Series(hits.fill_null(False).to_numpy(zero_copy_only=False), index=series.index)
