//! Item statistics and learning gain, as pure functions over graded results.

/// Pearson correlation of two equally long series; `None` when either does not vary.
pub fn correlation(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 2 || n != ys.len() {
        return None;
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    let (mx, my) = (mean(xs), mean(ys));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    if sxx <= f64::EPSILON || syy <= f64::EPSILON {
        return None;
    }
    Some(sxy / (sxx.sqrt() * syy.sqrt()))
}

/// One graded attempt as the statistics see it: the points it got on an item, the item's
/// worth, and the attempt's total.
#[derive(Clone, Copy, Debug)]
pub struct ItemObservation {
    pub awarded: f64,
    pub points: f64,
    pub total: f64,
}

/// Facility (mean share of the item's points) and discrimination (correlation of the item's
/// score with the rest of the test) over the attempts that drew the item.
pub fn item_statistics(observations: &[ItemObservation]) -> (Option<f64>, Option<f64>) {
    if observations.is_empty() {
        return (None, None);
    }
    let shares: Vec<f64> =
        observations.iter().map(|o| if o.points > 0.0 { o.awarded / o.points } else { 0.0 }).collect();
    let facility = shares.iter().sum::<f64>() / shares.len() as f64;
    let rest: Vec<f64> = observations.iter().map(|o| o.total - o.awarded).collect();
    (Some(round4(facility)), correlation(&shares, &rest).map(round4))
}

/// The normalised gain `(post - pre) / (100 - pre)` of percents; `None` when the pre-test was
/// already perfect.
pub fn normalized_gain(pre: f64, post: f64) -> Option<f64> {
    if pre >= 100.0 { None } else { Some(round4((post - pre) / (100.0 - pre))) }
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::{ItemObservation, correlation, item_statistics, normalized_gain};

    #[test]
    fn correlation_of_known_series() {
        assert_eq!(correlation(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).map(|r| (r * 1e6).round()), Some(1e6));
        assert_eq!(correlation(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]).map(|r| (r * 1e6).round()), Some(-1e6));
        assert_eq!(correlation(&[1.0, 1.0], &[1.0, 2.0]), None);
    }

    #[test]
    fn an_item_the_strong_get_right_discriminates() {
        let observations = [
            ItemObservation { awarded: 1.0, points: 1.0, total: 9.0 },
            ItemObservation { awarded: 1.0, points: 1.0, total: 8.0 },
            ItemObservation { awarded: 0.0, points: 1.0, total: 3.0 },
            ItemObservation { awarded: 0.0, points: 1.0, total: 2.0 },
        ];
        let (facility, discrimination) = item_statistics(&observations);
        assert_eq!(facility, Some(0.5));
        assert!(discrimination.is_some_and(|d| d > 0.9), "{discrimination:?}");
    }

    #[test]
    fn gain_is_normalized_by_what_could_be_gained() {
        assert_eq!(normalized_gain(40.0, 70.0), Some(0.5));
        assert_eq!(normalized_gain(80.0, 70.0), Some(-0.5));
        assert_eq!(normalized_gain(100.0, 100.0), None);
    }
}
