"""A cheap language check for training rows: share of English function words vs other languages'.

Good enough to catch a French or German export mixed into English training data; short texts
(fewer than :data:`MIN_WORDS` words) are not judged.
"""

from __future__ import annotations

import re

MIN_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_RAW = {
    "en": """the a an and or but of to in on at for with is was were are be been it this that my
        i you we they he she not no very so too had have has do did just all can will would there their our
        me your from as by about what when if than then because really only after before again""",
    "fr": """le la les un une des et ou mais de du au aux en dans sur pour avec est était sont
        être ce cette mon ma mes je vous nous ils elle pas très trop avait avoir fait tout peut qui que""",
    "de": """der die das ein eine und oder aber von zu im in auf für mit ist war sind sein es
        dies mein meine ich sie wir nicht kein sehr zu hatte haben hat tun alle kann wird dass""",
    "es": """el la los las un una y o pero de del al en con por para es era son ser esto este
        mi mis yo usted nosotros ellos no muy demasiado tenía tener tiene todo puede que""",
    "it": """il lo la gli le un una e o ma di del al in con per è era sono essere questo mio
        io voi noi loro non molto troppo aveva avere ha tutto può che""",
    "nl": """de het een en of maar van te in op voor met is was zijn dit dat mijn ik jij wij
        zij niet geen erg te had hebben heeft alle kan zal""",
    "pt": """o a os as um uma e ou mas de do da no na em com por para é era são ser isto este
        meu minha eu você nós eles não muito demais tinha ter tem tudo pode que""",
}
STOPWORDS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in _RAW.items()}


def guess_language(text: str) -> str | None:
    """``"en"``, another ISO code, ``"non-latin"``, or ``None`` when the text is too short to judge."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters) / len(letters) < 0.5:
        return "non-latin"
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < MIN_WORDS:
        return None
    scores = {lang: sum(w in sw for w in words) / len(words) for lang, sw in STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores["en"] >= 0.08 or scores[best] < 0.12 or scores[best] <= scores["en"] * 1.5:
        return "en"
    return best
