"""``ofsted review``: the review page (queue, fact detail, corrections in the browser)."""
