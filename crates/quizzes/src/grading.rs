//! The graders: pure functions from a question's key and a response to points. Objective types
//! grade at once; essays wait for a person.

use uuid::Uuid;

/// What a correct response looks like.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerKey {
    /// `single_choice` and `true_false`: exactly the one correct option.
    Single { correct: Uuid },
    /// `multiple_choice`: the correct options among all.
    Multiple { correct: Vec<Uuid>, options: Vec<Uuid> },
    /// `short_answer`: any accepted text, ignoring case and spacing.
    Text { accepted: Vec<String> },
    /// `numeric`: within `tolerance` of `value`.
    Number { value: f64, tolerance: f64 },
    /// `essay`: graded by staff.
    Essay,
}

/// What a learner answered.
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    Options(Vec<Uuid>),
    Text(String),
    Number(f64),
}

/// The outcome of grading one question.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Graded {
    /// Points awarded, between 0 and the question's points.
    Points(f64),
    /// Waits for a person.
    Manual,
}

/// `"  Jakarta   Pusat "` → `"jakarta pusat"`.
pub fn normalize_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Grades `response` (none when unanswered) against `key` for a question worth `points`.
pub fn grade(key: &AnswerKey, points: f64, response: Option<&Response>) -> Graded {
    let share = match (key, response) {
        (AnswerKey::Essay, _) => return Graded::Manual,
        (_, None) => 0.0,
        (AnswerKey::Single { correct }, Some(Response::Options(chosen)))
            if chosen.len() == 1 && chosen[0] == *correct =>
        {
            1.0
        }
        (AnswerKey::Multiple { correct, options }, Some(Response::Options(chosen))) => {
            multiple_choice_share(correct, options, chosen)
        }
        (AnswerKey::Text { accepted }, Some(Response::Text(text))) => {
            let given = normalize_text(text);
            if !given.is_empty() && accepted.iter().any(|a| normalize_text(a) == given) { 1.0 } else { 0.0 }
        }
        (AnswerKey::Number { value, tolerance }, Some(Response::Number(given)))
            if given.is_finite() && (given - value).abs() <= *tolerance + f64::EPSILON * value.abs().max(1.0) =>
        {
            1.0
        }
        _ => 0.0,
    };
    Graded::Points(round(points * share))
}

/// Each correct option chosen earns `1/c`, each wrong option chosen costs `1/c` (`c` = the
/// number of correct options); the share never goes below zero or above one.
pub fn multiple_choice_share(correct: &[Uuid], options: &[Uuid], chosen: &[Uuid]) -> f64 {
    if correct.is_empty() {
        return 0.0;
    }
    let mut chosen: Vec<Uuid> = chosen.iter().copied().filter(|c| options.contains(c)).collect();
    chosen.sort();
    chosen.dedup();
    let hits = chosen.iter().filter(|c| correct.contains(c)).count() as f64;
    let misses = chosen.len() as f64 - hits;
    ((hits - misses) / correct.len() as f64).clamp(0.0, 1.0)
}

/// Scores are kept to two decimals.
pub fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// The percent of `score` out of `max`, 0 when nothing could be scored.
pub fn percent(score: f64, max: f64) -> f64 {
    if max > 0.0 { round(score / max * 100.0) } else { 0.0 }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use uuid::Uuid;

    use super::{AnswerKey, Graded, Response, grade, multiple_choice_share, normalize_text};

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|i| Uuid::from_u128(i as u128 + 1)).collect()
    }

    #[test]
    fn single_choice_is_all_or_nothing() {
        let options = ids(4);
        let key = AnswerKey::Single { correct: options[2] };
        assert_eq!(grade(&key, 2.0, Some(&Response::Options(vec![options[2]]))), Graded::Points(2.0));
        assert_eq!(grade(&key, 2.0, Some(&Response::Options(vec![options[1]]))), Graded::Points(0.0));
        assert_eq!(grade(&key, 2.0, Some(&Response::Options(vec![options[2], options[1]]))), Graded::Points(0.0));
        assert_eq!(grade(&key, 2.0, None), Graded::Points(0.0));
    }

    #[test]
    fn multiple_choice_gives_partial_credit_and_never_less_than_zero() {
        let options = ids(5);
        let correct = vec![options[0], options[1]];
        assert_eq!(multiple_choice_share(&correct, &options, &[options[0], options[1]]), 1.0);
        assert_eq!(multiple_choice_share(&correct, &options, &[options[0]]), 0.5);
        assert_eq!(multiple_choice_share(&correct, &options, &[options[0], options[3]]), 0.0);
        assert_eq!(multiple_choice_share(&correct, &options, &[options[2], options[3], options[4]]), 0.0);
        assert_eq!(multiple_choice_share(&correct, &options, &options), 0.0);
    }

    #[test]
    fn short_answers_ignore_case_and_spacing() {
        let key = AnswerKey::Text { accepted: vec!["Kota Kupang".into(), "Kupang".into()] };
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("  kota   KUPANG ".into()))), Graded::Points(1.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("Kupang Barat".into()))), Graded::Points(0.0));
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("   ".into()))), Graded::Points(0.0));
        assert_eq!(normalize_text("A\tB\n c"), "a b c");
    }

    #[test]
    fn numbers_count_within_the_tolerance() {
        let key = AnswerKey::Number { value: 20.0, tolerance: 0.5 };
        assert_eq!(grade(&key, 4.0, Some(&Response::Number(20.5))), Graded::Points(4.0));
        assert_eq!(grade(&key, 4.0, Some(&Response::Number(19.4))), Graded::Points(0.0));
        assert_eq!(grade(&key, 4.0, Some(&Response::Number(f64::NAN))), Graded::Points(0.0));
    }

    #[test]
    fn essays_wait_for_a_person_and_mismatched_responses_score_nothing() {
        assert_eq!(grade(&AnswerKey::Essay, 5.0, Some(&Response::Text("...".into()))), Graded::Manual);
        let key = AnswerKey::Number { value: 1.0, tolerance: 0.0 };
        assert_eq!(grade(&key, 1.0, Some(&Response::Text("1".into()))), Graded::Points(0.0));
    }

    proptest! {
        #[test]
        fn multiple_choice_share_stays_between_zero_and_one(
            n in 1usize..8,
            correct_mask in proptest::collection::vec(any::<bool>(), 8),
            chosen_mask in proptest::collection::vec(any::<bool>(), 8),
        ) {
            let options = ids(n);
            let correct: Vec<Uuid> = options.iter().zip(&correct_mask).filter(|(_, c)| **c).map(|(o, _)| *o).collect();
            let chosen: Vec<Uuid> = options.iter().zip(&chosen_mask).filter(|(_, c)| **c).map(|(o, _)| *o).collect();
            let share = multiple_choice_share(&correct, &options, &chosen);
            prop_assert!((0.0..=1.0).contains(&share));
            if !correct.is_empty() && chosen == correct {
                prop_assert_eq!(share, 1.0);
            }
        }

        #[test]
        fn choosing_one_more_wrong_option_never_raises_the_score(
            n in 2usize..8,
            correct_mask in proptest::collection::vec(any::<bool>(), 8),
            chosen_mask in proptest::collection::vec(any::<bool>(), 8),
        ) {
            let options = ids(n);
            let correct: Vec<Uuid> = options.iter().zip(&correct_mask).filter(|(_, c)| **c).map(|(o, _)| *o).collect();
            let chosen: Vec<Uuid> = options.iter().zip(&chosen_mask).filter(|(_, c)| **c).map(|(o, _)| *o).collect();
            let wrong = options.iter().find(|o| !correct.contains(o) && !chosen.contains(o));
            if let Some(wrong) = wrong {
                let mut more = chosen.clone();
                more.push(*wrong);
                prop_assert!(multiple_choice_share(&correct, &options, &more) <= multiple_choice_share(&correct, &options, &chosen));
            }
        }

        #[test]
        fn points_awarded_never_exceed_the_question(points in 0.0f64..100.0, given in -1e6f64..1e6, value in -1e6f64..1e6, tolerance in 0.0f64..10.0) {
            let key = AnswerKey::Number { value, tolerance };
            match grade(&key, points, Some(&Response::Number(given))) {
                Graded::Points(p) => prop_assert!(p >= 0.0 && p <= super::round(points)),
                Graded::Manual => prop_assert!(false),
            }
        }

        #[test]
        fn text_grading_ignores_case_and_spaces(word in "[A-Za-z]{1,12}( [A-Za-z]{1,12}){0,3}", pad in " {0,3}") {
            let key = AnswerKey::Text { accepted: vec![word.clone()] };
            let shouted = format!("{pad}{}{pad}", word.to_uppercase().replace(' ', "  "));
            prop_assert_eq!(grade(&key, 1.0, Some(&Response::Text(shouted))), Graded::Points(1.0));
        }
    }
}
