"""Office documents Duban writes (Excel, Word): one module per document, each a renderer of data it is given."""
