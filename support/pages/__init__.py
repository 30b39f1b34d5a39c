"""The blog's pages as its visitors and its admin know them: the only code that knows
the blog's addresses, labels and words, one page object per page."""
