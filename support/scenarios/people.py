"""The people the sentences speak of, by the words they start with."""

from __future__ import annotations

#: Who a sentence is about, by the words it starts with; each is a person with a browser
#: session of their own. A sentence naming nobody ("they", "the blog") stays with
#: whoever acted last, the admin before anyone acted.
ADMIN, VISITOR, ANOTHER_VISITOR = "the admin", "a visitor", "another visitor"
ANONYMOUS = "an anonymous request"
SUBJECTS = (
    ("another visitor", ANOTHER_VISITOR),
    ("다른 방문자", ANOTHER_VISITOR),
    ("another site makes the admin's browser", ADMIN),
    ("another site makes a visitor's browser", VISITOR),
    # The space and the "'s " keep "the admins receive …" from naming the admin.
    ("the admin ", ADMIN),
    ("the admin's ", ADMIN),
    ("관리자가", ADMIN),
    ("관리자의", ADMIN),
    ("a visitor", VISITOR),
    ("the visitor", VISITOR),
    ("someone", VISITOR),
    ("방문자가", VISITOR),
    ("누군가", VISITOR),
    ("an anonymous request", ANONYMOUS),
    ("로그인하지 않은 채", ANONYMOUS),
)


#: Who each person is, in one line each, for the glossary and the README. Everyone
#: reaches the blog from the same address unless a sentence says where they are.
PEOPLE = {
    ADMIN: "the admin, in their own browser; logged in once a sentence logs them in",
    VISITOR: "someone other than the admin, in a browser of their own; not logged in "
    "unless a sentence logs them in",
    ANOTHER_VISITOR: "yet another person, neither the admin nor the visitor; not logged in",
    ANONYMOUS: "a request sent by hand with no session at all, not through the blog's forms",
}


def subject_of(sentence: str) -> str | None:
    """The person a sentence is about, or None when it names nobody."""
    return next((who for words, who in SUBJECTS if sentence.startswith(words)), None)
