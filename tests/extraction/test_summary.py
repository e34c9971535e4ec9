from speeches.extraction.summary import summarize


def test_task_drops_enumerator_actor_and_modal():
    quote = "二是各镇党委要认真总结经验，加强党员日常教育和监管。"
    assert summarize(quote, modal_at=quote.index("要")) == "认真总结经验，加强党员日常教育和监管"


def test_long_task_is_cut_after_a_whole_clause_never_inside_brackets():
    quote = (
        "一是强化示范带动，在每个机关党（工）委打造×个机关党建示范点（其中，机关工委打造×个"
        "党建示范点，教育局打造×个小学党建示范点），创新×个特色服务品牌，推动机关党建晋位升级；"
    )
    assert summarize(quote) == "强化示范带动"
