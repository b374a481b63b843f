//! 5,000 learners starting one timed quiz at once (issue 13).
