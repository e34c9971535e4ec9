"""Text files in every encoding a Chinese office produces decode to the same speech."""

import codecs

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from speeches.importers import (
    BINARY_FILE,
    UNDECODABLE_TEXT,
    ImportRejected,
    read_document,
)
from tests.speeches.fixtures_build import sample_text

ENCODINGS = [
    pytest.param(lambda text: text.encode("utf-8"), "utf-8", id="utf-8"),
    pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig", id="utf-8-bom"),
    pytest.param(lambda text: text.encode("gbk"), "gb18030", id="gbk"),
    pytest.param(lambda text: text.encode("gb18030"), "gb18030", id="gb18030"),
    pytest.param(lambda text: text.encode("utf-16"), "utf-16", id="utf-16-le-bom"),
    pytest.param(
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16", id="utf-16-be-bom"
    ),
    pytest.param(lambda text: text.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
    pytest.param(lambda text: text.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
@pytest.mark.parametrize(("encode", "encoding"), ENCODINGS)
def test_every_encoding_decodes_to_the_same_cleaned_text(prefix, encode, encoding):
    text = sample_text(prefix)
    expected = read_document(text.encode("utf-8"), "speech.txt")

    document = read_document(encode(text), "speech.txt")

    assert document.encoding == encoding
    assert document.cleaned_text == expected.cleaned_text
    assert document.speeches == expected.speeches


def test_a_file_with_characters_outside_gbk_is_read_as_gb18030():
    # 004 has NBSPs, which GBK cannot encode: only GB18030 (the superset) holds this file.
    text = sample_text("004")
    expected = read_document(text.encode("utf-8"), "speech.txt")

    document = read_document(text.encode("gb18030"), "speech.txt")

    assert document.encoding == "gb18030"
    assert document.cleaned_text == expected.cleaned_text


def test_a_short_gbk_note_is_read_as_gb18030_not_as_korean():
    # charset-normalizer alone takes these five characters for cp949
    document = read_document("年底前完成".encode("gbk"), "note.txt")

    assert (document.encoding, document.cleaned_text) == ("gb18030", "年底前完成")


def test_a_big5_file_is_read_as_big5():
    text = (
        "在全縣基層黨建工作會議上的講話\n同志們：\n各鄉鎮黨委要在年底前完成整改任務，確保取得實效。"
    )

    document = read_document(text.encode("big5"), "speech.txt")

    assert document.encoding == "big5"
    assert document.cleaned_text == text


def test_the_same_speech_hashes_alike_in_two_encodings():
    text = sample_text("000")

    gbk = read_document(text.encode("gbk"), "a.txt").speeches[0]
    utf16 = read_document(text.encode("utf-16"), "b.txt").speeches[0]

    assert gbk.content_hash == utf16.content_hash
    assert len(gbk.content_hash) == 64


def test_utf8_mojibake_saved_again_as_utf8_is_refused():
    # UTF-8 bytes read as Latin-1 and saved again: "åœ¨å…¨åŒº…"
    garbled = sample_text("000").encode("utf-8").decode("latin-1").encode("utf-8")

    with pytest.raises(ImportRejected) as excinfo:
        read_document(garbled, "speech.txt")

    assert excinfo.value.message == UNDECODABLE_TEXT


def test_binary_data_named_txt_is_refused_as_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8

    with pytest.raises(ImportRejected) as excinfo:
        read_document(png, "speech.txt")

    assert excinfo.value.message == BINARY_FILE


def _encoded(codec: str):
    return st.text(max_size=200).map(lambda text: text.encode(codec, errors="ignore"))


RANDOM_FILES = st.one_of(
    st.binary(max_size=600),
    _encoded("utf-8"),
    _encoded("utf-16"),
    _encoded("utf-16-be"),
    _encoded("gb18030"),
    st.lists(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\x00", b"\n", "讲话".encode()])).map(
        b"".join
    ),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RANDOM_FILES)
def test_random_bytes_are_read_or_refused_never_crash(data):
    try:
        document = read_document(data, "random.txt")
    except ImportRejected as exc:
        assert exc.message
    else:
        assert document.cleaned_text
        assert document.speeches
