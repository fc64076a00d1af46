-- Migration 0007: a previous grade may be of the legacy scale. "Requires improvement, where it
-- stood in 2012 (adequate)" is a rating of the four-point scale whose grade before was the legacy
-- adequate of the 2009-13 frameworks (the same rank); such a row keeps both grades. Comments only.

COMMENT ON COLUMN ratings.previous_rating IS 'The grade before, where the text states or unambiguously implies it: a label of the row''s scale, or the legacy adequate (2009-13) before a requires_improvement of ofsted_4.';
COMMENT ON COLUMN ratings.scale IS 'Rating scale id from rating_scales of the rating: ofsted_4, or ofsted_legacy before November 2013 (a good or inadequate after an adequate is on the legacy scale, a requires_improvement on ofsted_4).';
