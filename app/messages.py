"""Everything the blog tells its visitors and the admin, in one place, so that the same
thing is always said in the same words. A ``{name}`` is filled in where it is said."""

# Told at the top of the next page, after something was done.
LOGGED_IN = "You were logged in"
LOGGED_OUT = "You were logged out"
INVALID_LOGIN = "Invalid username or password"  # the same for every failure, on purpose
POSTED = "New entry was successfully posted"
POSTED_WITH_REMOVALS = "New entry was posted. Removed from the text: {removed}."
CHANGED = "The entry was changed"
CHANGED_WITH_REMOVALS = "The entry was changed. Removed from the text: {removed}."
DELETED = "The entry was deleted"

# Beside a field of the posting and editing forms, which come back to be corrected.
TITLE_REQUIRED = "Title is required"
TITLE_TOO_LONG = "Title must be at most {most} characters"
TITLE_CONTROL_CHARACTERS = "Title must not hold control characters such as NUL"
TEXT_CONTROL_CHARACTERS = "Text must not hold control characters such as NUL"

# On the front page, when it has no entries to list.
NO_ENTRIES = "No entries here so far"
NO_OLDER_ENTRIES = "No older entries"

# On an error page: a request refused.
FIELD_MISSING = "The form is missing its {field} field."
OLDER_ENTRIES_NOT_A_NUMBER = "The page of older entries must be given as an entry number."
NO_SUCH_ENTRY = "There is no such entry. It may have been deleted."
LOGIN_UNAVAILABLE = "Logging in is not possible right now. Please try again in a few minutes."
TOO_MANY_LOGINS = "Too many failed logins from your address. Please try again in {wait}."
NOT_A_FORM = "Forms must be sent as {form_type}."
NOT_UTF8 = "The form was not valid UTF-8."
TOO_LARGE = "The post is larger than {most} MiB, the most the blog accepts."
FORM_STALE = "The form was left open too long, so it can no longer be sent. Nothing was changed."
FORM_FORGED = (
    "The form did not come from this site's own pages, or it was opened before you last "
    "logged in or out. Nothing was changed."
)
#: In plain text: the layout's links cannot be built for a host the blog does not serve.
UNTRUSTED_HOST = "This blog does not answer to that host name."

# Said by flask init-db, the operator's command that empties the blog; a question is
# followed by " [y/N]".
EMPTY_ONE = "The blog holds 1 entry. Delete it?"
EMPTY_MANY = "The blog holds {count} entries. Delete them all?"
NOTHING_DELETED = "Nothing was deleted."
INITIALIZED = "Initialized the database."


def minutes(count: int) -> str:
    """``1 minute``, ``15 minutes``: a wait as TOO_MANY_LOGINS says it."""
    return f"{count} minute{'s' if count != 1 else ''}"
