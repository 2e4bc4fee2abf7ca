"""Photos: the metadata reader (photometa), the library records, credit lines, crops and
web renditions."""
