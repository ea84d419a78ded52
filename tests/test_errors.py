"""Errors cross process boundaries (parse workers) intact."""

from __future__ import annotations

import pickle

import pytest

from nashra.errors import DecodeError, InputError, InputTooLarge, ParseError, UnsupportedInput


@pytest.mark.parametrize("kind", [InputError, DecodeError, InputTooLarge, ParseError, UnsupportedInput])
def test_input_errors_pickle(kind):
    error = kind("folder/page.txt", "empty file")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is kind
    assert (copy.input, copy.reason, str(copy)) == (error.input, error.reason, str(error))
