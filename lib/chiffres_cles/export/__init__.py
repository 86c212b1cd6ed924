"""One backend per output format of a table: accessible HTML, tidy CSV, Excel sheet."""
