//! Meeting logs: inside the pairing's dates, never after today, at most eight hours a day.

use chrono::{Duration, NaiveDate, Utc};
use latih_kernel::Role;
use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::mentoring::{Pair, id, pair_between};

/// Today in Kupang (WITA, UTC+8), where the test organization lives.
fn today() -> NaiveDate {
    (Utc::now() + Duration::hours(8)).date_naive()
}

fn day(offset: i64) -> String {
    (today() + Duration::days(offset)).to_string()
}

fn logs(p: &Pair) -> String {
    format!("/api/v1/mentorships/{}/logs", id(&p.mentorship))
}

async fn refused(p: &Pair, body: &Value) -> (String, String) {
    let problem = problem(p.app.post(&logs(p), &p.mentee.token, body), 422, "validation_failed").await;
    let first = &problem["errors"][0];
    (first["field"].as_str().unwrap_or_default().to_owned(), first["code"].as_str().unwrap_or_default().to_owned())
}

#[actix_web::test]
async fn a_meeting_is_logged_inside_the_mentorship_and_never_after_today() {
    let p = pair_between(&day(-60), &day(-10)).await;
    for (met_on, code) in [(day(1), "in_the_future"), (day(0), "outside_mentorship"), (day(-61), "outside_mentorship")]
    {
        let body = json!({"met_on": met_on, "minutes": 60});
        assert_eq!(refused(&p, &body).await, ("met_on".to_owned(), code.to_owned()), "{met_on}");
    }
    let (status, logged) =
        send(p.app.post(&logs(&p), &p.mentee.token, &json!({"met_on": day(-10), "minutes": 60}))).await;
    assert_eq!(status, 201, "the last day of the mentorship counts: {logged}");
    let (status, _) = send(p.app.post(&logs(&p), &p.mentee.token, &json!({"met_on": day(-60), "minutes": 60}))).await;
    assert_eq!(status, 201, "so does the first");
    let (_, page) = send(p.app.get(&logs(&p), &p.mentor.token)).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(2), "refused meetings were not stored");
}

#[actix_web::test]
async fn only_the_mentee_logs_a_meeting_and_only_their_mentor_confirms_it() {
    let p = pair_between(&day(-30), &day(30)).await;
    let body = json!({"met_on": day(0), "minutes": 30});
    problem(p.app.post(&logs(&p), &p.mentor.token, &body), 403, "forbidden").await;
    let colleague = p.app.user(p.mentee.organization_id, &[Role::Learner]).await;
    let other = p.app.organization("JAYAPURA", "Asia/Jayapura").await;
    let other_admin = p.app.user(Some(other), &[Role::OrgAdmin]).await;
    for outsider in [&p.admin, &colleague, &other_admin] {
        problem(p.app.post(&logs(&p), &outsider.token, &body), 404, "not_found").await;
        problem(p.app.get(&logs(&p), &outsider.token), 404, "not_found").await;
    }
    let (status, log) = send(p.app.post(&logs(&p), &p.mentee.token, &body)).await;
    assert_eq!(status, 201);
    let confirm = format!("{}/{}/confirm", logs(&p), id(&log));
    let other_mentor = p.app.user(p.mentee.organization_id, &[Role::Mentor]).await;
    for outsider in [&p.admin, &other_mentor, &other_admin] {
        problem(p.app.post(&confirm, &outsider.token, &json!({})), 404, "not_found").await;
    }
    let (status, _) = send(p.app.post(&confirm, &p.mentor.token, &json!({}))).await;
    assert_eq!(status, 200, "only their mentor confirms it");
}

#[actix_web::test]
async fn a_mentorship_logs_at_most_eight_hours_a_day() {
    let p = pair_between(&day(-30), &day(30)).await;
    let log = |met_on: String, minutes: i64| json!({"met_on": met_on, "minutes": minutes});
    assert_eq!(refused(&p, &log(day(-1), 481)).await, ("minutes".to_owned(), "out_of_range".to_owned()));
    let (status, _) = send(p.app.post(&logs(&p), &p.mentee.token, &log(day(-1), 300))).await;
    assert_eq!(status, 201);
    assert_eq!(refused(&p, &log(day(-1), 181)).await, ("minutes".to_owned(), "over_daily_limit".to_owned()));
    let (status, _) = send(p.app.post(&logs(&p), &p.mentee.token, &log(day(-1), 180))).await;
    assert_eq!(status, 201, "480 minutes in all is the limit, not past it");
    assert_eq!(refused(&p, &log(day(-1), 1)).await, ("minutes".to_owned(), "over_daily_limit".to_owned()));
    let (status, _) = send(p.app.post(&logs(&p), &p.mentee.token, &log(day(-2), 480))).await;
    assert_eq!(status, 201, "the limit is per day");

    // Two logs of one day sent at once cannot pass the limit together.
    let first = send(p.app.post(&logs(&p), &p.mentee.token, &log(day(-3), 300)));
    let second = send(p.app.post(&logs(&p), &p.mentee.token, &log(day(-3), 300)));
    let (a, b) = futures_util::join!(first, second);
    let mut statuses = [a.0.as_u16(), b.0.as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 422], "{} {}", a.1, b.1);
}

#[actix_web::test]
async fn two_confirmations_at_once_both_count_toward_the_mentees_jp() {
    let p = pair_between(&day(-30), &day(30)).await;
    let mut logged = Vec::new();
    for offset in [-2, -1] {
        let (status, log) =
            send(p.app.post(&logs(&p), &p.mentee.token, &json!({"met_on": day(offset), "minutes": 45}))).await;
        assert_eq!(status, 201, "{log}");
        logged.push(format!("{}/{}/confirm", logs(&p), id(&log)));
    }
    let first = send(p.app.post(&logged[0], &p.mentor.token, &json!({})));
    let second = send(p.app.post(&logged[1], &p.mentor.token, &json!({})));
    let (a, b) = futures_util::join!(first, second);
    assert_eq!((a.0.as_u16(), b.0.as_u16()), (200, 200), "{} {}", a.1, b.1);
    let year = today().format("%Y");
    let (_, jp) = send(p.app.get(&format!("/api/v1/me/jp?year={year}"), &p.mentee.token)).await;
    assert_eq!(jp["earned"], 2, "90 confirmed minutes are 2 JP: {jp}");
}

#[actix_web::test]
async fn a_retried_log_with_an_idempotency_key_is_logged_once() {
    let p = pair_between(&day(-30), &day(30)).await;
    let body = json!({"met_on": day(-1), "minutes": 90});
    let retry = || p.app.post(&logs(&p), &p.mentee.token, &body).header("Idempotency-Key", "pertemuan-1");
    let (status, first) = send(retry()).await;
    assert_eq!(status, 201, "{first}");
    let (status, again) = send(retry()).await;
    assert_eq!((status.as_u16(), &again["id"]), (201, &first["id"]), "the replay answers the first log");
    let (_, page) = send(p.app.get(&logs(&p), &p.mentee.token)).await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
}
