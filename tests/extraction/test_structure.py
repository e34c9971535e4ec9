from speeches.extraction.sentences import split_clauses, split_sentences
from speeches.extraction.structure import outline


def _texts(text, spans):
    return [text[s:e] for s, e in spans]


def test_sentences_do_not_break_inside_quotes_or_brackets():
    text = "要落实“一要学习。二要实践；”的要求（见附件。以此为准）。各地要抓好落实！"
    assert _texts(text, split_sentences(text)) == [
        "要落实“一要学习。二要实践；”的要求（见附件。以此为准）。",
        "各地要抓好落实！",
    ]


def test_semicolons_end_sentences_and_commas_split_clauses_outside_quotes():
    text = "要健全“横向到边，纵向到底”的责任体系，把责任传导到位；组织部门要牵头。"
    spans = split_sentences(text)
    assert _texts(text, spans) == [
        "要健全“横向到边，纵向到底”的责任体系，把责任传导到位；",
        "组织部门要牵头。",
    ]
    s, e = spans[0]
    assert _texts(text, split_clauses(text, s, e)) == [
        "要健全“横向到边，纵向到底”的责任体系，",
        "把责任传导到位；",
    ]


def test_unbalanced_bracket_does_not_swallow_the_rest_of_the_line():
    text = "（要加强学习，" + "要抓好落实，" * 80 + "各地要抓好。"
    assert len(split_sentences(text)) >= 1
    assert len(split_clauses(text, 0, len(text))) > 10


def test_every_sentence_knows_its_section_path():
    text = (
        "讲话\n一、加强组织建设\n第一，要抓好农村党建。各地要选好书记。\n"
        "（一）健全制度\n一要完善考核制度。各镇党委要每季度研究一次党建工作，形成制度。\n"
        "第2篇 另一篇讲话\n要抓好落实，确保见效。\n"
    )
    by_text = {text[s.start : s.end]: s for s in outline(text)}
    assert by_text["各地要选好书记。"].section_path == ("一、加强组织建设", "第一，要抓好农村党建")
    heading = by_text["第一，要抓好农村党建。"]
    assert heading.is_heading
    tail = by_text["各镇党委要每季度研究一次党建工作，形成制度。"]
    assert tail.section_path == ("一、加强组织建设", "（一）健全制度", "一要完善考核制度")
    assert by_text["要抓好落实，确保见效。"].section_path == ("第2篇 另一篇讲话",)
