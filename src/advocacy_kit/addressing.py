"""How a letter addresses its reader: salutation, address block, the organisation's
article, and the messages' asks made into one request (issue 12, item 7).

``--to "Hon. Florence Bore, Cabinet Secretary for Labour and Social Protection"`` gives
the salutation "Dear Hon. Bore" and an address block of two lines; ``--organization
"Kenya Association of Social Workers"`` is written "on behalf of the Kenya Association
of Social Workers" in a sentence and without "the" in the letterhead. English and French;
other languages fall back to English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

#: Titles that may open a recipient's name, as typed (without a full stop), and in
#: French the salutation each one asks for.
HONORIFICS: dict[str, str | None] = {
    "mr": "Monsieur",
    "mrs": "Madame",
    "ms": "Madame",
    "miss": "Madame",
    "mx": None,
    "dr": None,
    "prof": None,
    "professor": None,
    "hon": None,
    "honourable": None,
    "honorable": None,
    "rt hon": None,
    "rev": None,
    "sir": "Monsieur",
    "dame": "Madame",
    "lord": "Monsieur",
    "lady": "Madame",
    "h.e": None,
    "he": None,
    "m": "Monsieur",
    "monsieur": "Monsieur",
    "mme": "Madame",
    "madame": "Madame",
    "mlle": "Madame",
    "pr": None,
    "me": None,
}


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Words that make a recipient line an office, not a person ("Minister of ...").
_OFFICE_WORDS = _wordset(
    "minister secretary director commissioner governor mayor ambassador chair chairperson "
    "president senator representative principal permanent cabinet deputy head chief editor "
    "dean officer manager coordinator ministre directeur directrice secrétaire président "
    "présidente maire gouverneur préfet"
)
_OFFICE_SPLIT = re.compile(r"\s+(?:of|for|to|at|de|du|des|chargée?|auprès)\s+|,\s*", re.I)

#: Nouns that make an organisation's name take "the" in an English sentence.
_NEEDS_THE = _wordset(
    "alliance association network initiative society federation council ministry "
    "department union institute foundation organisation organization coalition committee "
    "agency partnership programme program fund office board commission centre center "
    "forum group secretariat trust league chamber authority university college school "
    "hospital bureau directorate team"
)

_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "dear": "Dear {name}",
        "nobody": "Dear Sir or Madam",
        "ask": "I therefore ask you {asks}.",
        "ask_list": "I therefore ask you to act on the following: {asks}.",
        "to": "to ",
        "and": "and ",
    },
    "fr": {
        "dear": "{name}",
        "nobody": "Madame, Monsieur",
        "ask": "Je vous demande donc {asks}.",
        "ask_list": "Je vous demande donc de donner suite aux demandes suivantes\u00a0: {asks}.",
        "to": "de ",
        "and": "et ",
    },
}

#: First words that show an ask is not written as an instruction ("We need ..."), so it
#: cannot follow "I ask you to".
_NOT_A_VERB = _wordset(
    "we i our the a an this these it they please you your nous je notre le la les un une "
    "il ils vous votre"
)
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæ"

#: French nouns that open an organisation's name and so take an article ("de la
#: Fédération ...", "du Réseau ..."), by gender; a name that opens otherwise (UNICEF,
#: FICE International) takes none.
_FRENCH_FEMININE = _wordset(
    "association fédération union organisation fondation société alliance agence "
    "coalition confédération plateforme direction commission coordination"
)
_FRENCH_MASCULINE = _wordset(
    "réseau institut conseil ministère comité centre syndicat ordre collectif "
    "observatoire bureau programme fonds forum groupement secrétariat"
)


def _words(lang: str) -> dict[str, str]:
    return _WORDS.get(lang, _WORDS["en"])


def _lines(to: str | None) -> list[str]:
    return [" ".join(line.split()) for line in (to or "").splitlines() if line.strip()]


def _split_title(name: str) -> tuple[str, str]:
    """(the honorific as typed, the rest) of a recipient's name part."""
    lowered = name.lower()
    for typed, spaced in _TITLES_OF_WORDS:  # "rt hon" before a one-word title
        if lowered.startswith(spaced) or lowered == typed:
            return name[: len(typed)], name[len(typed) :].strip()
    first = lowered.split(" ", 1)[0]
    if first in _TITLES_OF_ONE_WORD:
        return name[: len(first)], name[len(first) :].strip()
    return "", name


#: The honorifics as :func:`_split_title` tries them: longest first, each with its
#: full stop, then without; with the space that must follow each. Only a title of
#: several words can start with another: the rest are looked up by the first word.
_TITLES = tuple(
    (typed, typed + " ")
    for key in sorted(HONORIFICS, key=len, reverse=True)
    for typed in (key + ".", key)
)
_TITLES_OF_WORDS = tuple(title for title in _TITLES if " " in title[0])
_TITLES_OF_ONE_WORD = frozenset(typed for typed, _ in _TITLES if " " not in typed)


def _is_office(rest: str) -> bool:
    words = rest.split()
    return bool(words) and (
        words[0].lower().strip(".,") in _OFFICE_WORDS
        or any(w.lower() in ("of", "for", "de", "du", "des") for w in words)
    )


def _name_part(first_line: str) -> tuple[str, str]:
    """The person (or office) before the first comma, and what follows it."""
    name, _, rest = first_line.partition(",")
    return name.strip(), rest.strip()


def recipient_lines(to: str | None) -> list[str]:
    """The address block of ``to``: each line as typed, the first one split after a
    person's name ("Hon. Florence Bore" / "Cabinet Secretary for ...")."""
    lines = _lines(to)
    if not lines:
        return []
    name, rest = _name_part(lines[0])
    if rest and not _is_office(_split_title(name)[1]):
        return [name, rest, *lines[1:]]
    return lines


#: A leading "the " (any case), and a Latin letter: compiled once, as a merge asks for
#: thousands of salutations (issue 17).
_LEADING_THE = re.compile(r"^the\s+", re.I)
_LATIN_LETTER = re.compile("[A-Za-z]")


def salutation_for(to: str | None, lang: str = "en") -> str:
    """The salutation for ``to``, without its comma.

    English: "Dear Hon. Bore" (title and surname), "Dear Florence Bore" (no title),
    "Dear Hon. Minister" (an office), "Dear Sir or Madam" (nobody). French: "Madame",
    "Monsieur" from the title, else "Madame, Monsieur".
    """
    words = _words(lang)
    lines = _lines(to)
    if not lines:
        return words["nobody"]
    title, rest = _split_title(_name_part(lines[0])[0])
    rest = _LEADING_THE.sub("", rest)  # "The Editor": "Dear Editor"
    if title.lower() in ("madame", "monsieur") and rest.lower().startswith(
        ("le ", "la ", "l'", "l’")
    ):  # "Monsieur le Ministre" is itself a French salutation
        return words["dear"].format(name=f"{title} {rest}")
    if lang == "fr":
        # "Mme Awa Diop" gives "Madame": French salutations never carry the name.
        french = HONORIFICS.get(title.lower().rstrip("."))
        return french or words["nobody"]
    if not rest:
        return words["dear"].format(name=title) if title else words["nobody"]
    if _is_office(rest):
        office = _OFFICE_SPLIT.split(rest, maxsplit=1)[0]
        return words["dear"].format(name=f"{title} {office}".strip())
    if title:
        # The surname: the last word in Latin letters ("Mei Chen 陈" gives "Chen").
        names = rest.split()
        latin = [n for n in names if _LATIN_LETTER.search(n)]
        return words["dear"].format(name=f"{title} {(latin or names)[-1]}")
    return words["dear"].format(name=rest)


def letterhead_name(organization: str) -> str:
    """The organisation as a letterhead or signature shows it: never with a lower-case
    "the" typed as an article ("The Salvation Army", capitalised, is kept)."""
    name = " ".join(organization.split())
    return re.sub(r"^the\s+", "", name) or name


def of_organization(organization: str, lang: str = "en") -> str:
    """``of the Kenya Association of Social Workers``, ``of UNICEF``; in French ``de
    l'Association ...``, ``du Réseau ...``, ``d'Example ...``."""
    name = _LEADING_THE.sub("", letterhead_name(organization))
    if lang == "fr":
        lowered = name.lower()
        for article, contracted in (("le ", "du "), ("les ", "des ")):
            if lowered.startswith(article):
                return contracted + name[len(article) :]
        if lowered.startswith(("la ", "l'", "l’")):
            return "de " + name[0].lower() + name[1:]
        noun = lowered.split(" ", 1)[0]
        if noun in _FRENCH_FEMININE | _FRENCH_MASCULINE and noun[:1] in _VOWELS:
            return "de l'" + name
        if noun in _FRENCH_FEMININE:
            return "de la " + name
        if noun in _FRENCH_MASCULINE:
            return "du " + name
        return ("d'" if lowered[:1] in _VOWELS else "de ") + name
    words = [w.strip(",.()").lower() for w in re.split(r"[\s-]+", name)]
    typed_the = organization.strip().lower().startswith("the ")
    needs_the = typed_the or (
        not name.isupper() and (" of " in f" {name.lower()} " or bool(_NEEDS_THE & set(words)))
    )
    return f"of the {name}" if needs_the else f"of {name}"


def _clause(ask: str, lang: str) -> str:
    text = " ".join(ask.split()).rstrip(" .;")
    first = text.split(" ", 1)[0]
    if not (first.isupper() and len(first) > 1):
        text = text[:1].lower() + text[1:]
    lead = _words(lang)["to"]
    if lang == "fr" and text[:1].lower() in _VOWELS:
        lead = "d'"
    return lead + text


def request_sentence(asks: Sequence[str], lang: str = "en") -> str:
    """The asks as one request: "I therefore ask you to give ..., to invest ... and to
    involve ..."; empty without asks.

    An ask is written as an instruction ("Invest in ..."). When one is not ("We need
    ..."), the asks are listed after a colon instead, so the sentence stays grammatical.
    """
    asks = [" ".join(a.split()) for a in asks if a and a.strip()]
    if not asks:
        return ""
    words = _words(lang)
    if any(a.split(" ", 1)[0].lower().strip(",") in _NOT_A_VERB for a in asks):
        return words["ask_list"].format(asks="; ".join(a.rstrip(" .;") for a in asks))
    clauses = [_clause(a, lang) for a in asks]
    if len(clauses) == 1:
        joined = clauses[0]
    else:
        comma = "," if lang == "en" and len(clauses) > 2 else ""
        joined = ", ".join(clauses[:-1]) + f"{comma} {words['and']}{clauses[-1]}"
    return words["ask"].format(asks=joined)
