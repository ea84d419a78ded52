"""Ingest: one module per input form, each turning raw input into :class:`~nashra.model.ParsedPage`.

:mod:`~nashra.ingest.inputs` finds the inputs (files, folders), :mod:`~nashra.ingest.decode`
turns bytes into text, :mod:`~nashra.ingest.sniff` picks the reader from the content, and the
readers (:mod:`~nashra.ingest.textpage`, …) parse.
"""
