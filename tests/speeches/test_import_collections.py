"""Collections (第1篇 … 第N篇) split into speeches; each speech gets its own title."""

from speeches.importers import read_document, read_pasted_text
from tests.speeches.fixtures_build import sample_path

COLLECTION_TITLES = [
    "某县抓基层党建工作述职评议会讲话稿",
    "2022年度履行全面从严治党责任和抓基层党建工作述职评议会议讲话稿",
    "2022年度党委书记抓基层党建工作述职评议大会讲话稿",
    "抓基层党建工作述职评议考核会讲话稿",
    "省委2022年度书记抓基层党建工作述职评议会议讲话稿",
    "市委书记抓基层党建工作述职评议会议讲话稿",
    "2022年度基层党建工作述职评议会讲话稿",
    "党建工作述职评价会讲话",
    "县市区书记抓基层党建工作述职评议会议上的讲话",
    "书记抓基层党建工作述职评议会议上的讲话",
]


def _collection():
    return read_document(sample_path("002").read_bytes(), "collection.txt")


def test_the_collection_splits_into_its_ten_speeches_with_their_titles():
    document = _collection()

    assert [s.title for s in document.speeches] == COLLECTION_TITLES
    assert [s.position for s in document.speeches] == list(range(1, 11))


def test_each_speech_is_its_own_slice_of_the_cleaned_text():
    document = _collection()

    for speech in document.speeches:
        assert speech.text.startswith(speech.title + "\n")
        assert speech.text in document.cleaned_text
        assert "第" + str(speech.position + 1) + "篇" not in speech.text
    assert document.speeches[0].text.split("\n")[1] == "同志们:"
    assert document.speeches[3].text.split("\n")[1].startswith("根据中央、自治区党委的部署要求")
    assert document.speeches[-1].text.endswith("为实现伟大的中国梦添砖加瓦!。")
    assert len({s.content_hash for s in document.speeches}) == 10


def test_a_speech_keeps_its_inner_parts_named_pian_yi_pian_er():
    eighth = _collection().speeches[7]

    assert "党建工作述职评价会讲话篇二" in eighth.text.split("\n")
    assert "党建工作述职评价会讲话篇三" in eighth.text.split("\n")
    assert eighth.text.endswith("努力推动文化事业的大发展大繁荣。")


def test_the_same_speech_alone_and_in_a_collection_hashes_alike():
    ninth = _collection().speeches[8]

    alone = read_pasted_text(ninth.text).speeches[0]

    assert alone.content_hash == ninth.content_hash
    assert alone.title == ninth.title


def test_a_table_of_contents_before_the_speeches_is_not_a_speech():
    text = (
        "述职评议讲话稿两篇\n第1篇 在甲县会议上的讲话\n第2篇 在乙县会议上的讲话\n"
        "第1篇 在甲县会议上的讲话\n同志们：\n甲县要抓落实。\n"
        "第2篇 在乙县会议上的讲话\n同志们：\n乙县要抓落实。"
    )

    speeches = read_pasted_text(text).speeches

    assert [(s.title, s.text.split("\n")[-1]) for s in speeches] == [
        ("在甲县会议上的讲话", "甲县要抓落实。"),
        ("在乙县会议上的讲话", "乙县要抓落实。"),
    ]


def test_a_bare_marker_takes_its_title_from_the_next_line_and_chinese_numbers_count():
    text = (
        "第一篇\n在甲县会议上的讲话\n（2023年2月15日）\n同志们：\n甲县要抓落实。\n"
        "第二篇：在乙县会议上的讲话\n二〇二三年三月一日\n同志们：\n乙县要抓落实。"
    )

    speeches = read_pasted_text(text).speeches

    assert [(s.title, s.delivered_on.isoformat()) for s in speeches] == [
        ("在甲县会议上的讲话", "2023-02-15"),
        ("在乙县会议上的讲话", "2023-03-01"),
    ]
    assert speeches[0].text.startswith("在甲县会议上的讲话\n")


def test_a_single_marker_or_a_chapter_heading_is_not_a_collection():
    text = "在全县会议上的讲话\n第1篇 学习材料\n要抓落实。\n第一篇章 新的起点\n要见实效。"

    speeches = read_pasted_text(text).speeches

    assert len(speeches) == 1
    assert speeches[0].title == "在全县会议上的讲话"


def test_the_title_echo_under_a_speech_of_the_collection_is_dropped():
    lines = _collection().cleaned_text.split("\n")

    assert lines.count("书记抓基层党建工作述职评议会议上的讲话") == 0
    assert lines.count("县市区书记抓基层党建工作述职评议会议上的讲话") == 0
    assert lines.count("第9篇 县市区书记抓基层党建工作述职评议会议上的讲话") == 1
