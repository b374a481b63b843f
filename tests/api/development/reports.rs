//! Agency reports, checked against small data sets computed by hand.

use chrono::{Datelike, Duration, Utc};
use latih_kernel::Role;
use latih_tests::{TestUser, problem, send};
use serde_json::{Value, json};

use super::{competency, id, platform_admin};
use crate::progress::Course;

fn this_year() -> i32 {
    (Utc::now() + Duration::hours(8)).year()
}

/// Four participants (three of Kupang, one of Jayapura); three complete. Survey answers
/// 5, 4, 3, 2 → mean 3.5. Follow-ups after one day answer 4, 3, 5 → mean 4.0.
#[actix_web::test]
async fn the_course_report_matches_the_hand_count() {
    let c = Course::new().await;
    let w = &c.world;
    let form = json!({"items": [{"id": "relevan", "kind": "likert", "text": "Relevan"}, {"id": "saran", "kind": "text", "text": "Saran"}],
        "follow_up_days": 1, "behaviour_items": [{"id": "terapan", "kind": "likert", "text": "Menerapkan"}]});
    send(w.app.put(&format!("/api/v1/courses/{}/evaluation", id(&c.course)), &w.instructor.token, &form)).await;
    let empty = w.draft(json!({"title": "Zonasi Tanpa Peserta"})).await;
    let supervisor = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let second = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let third = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    w.enrol(&second, &c.course).await;
    w.enrol(&third, &c.course).await;
    w.enrol(&w.other_learner, &c.course).await;
    let kupang: [&TestUser; 3] = [&w.learner, &second, &third];
    for learner in kupang {
        let link = json!({"supervisor_id": supervisor.id});
        send(w.app.patch(&format!("/api/v1/users/{}", learner.id), &w.admin.token, &link)).await;
        c.complete_lesson(learner, &c.lessons[0]).await;
        c.complete_lesson(learner, &c.lessons[1]).await;
    }
    let responses = format!("/api/v1/courses/{}/evaluation/responses", id(&c.course));
    for (who, value) in [(&w.learner, 5), (&second, 4), (&third, 3), (&w.other_learner, 2)] {
        let body = json!({"answers": [{"item_id": "relevan", "value": value}, {"item_id": "saran", "value": "Baik"}]});
        let (status, _) = send(w.app.post(&responses, &who.token, &body)).await;
        assert_eq!(status, 201);
    }
    w.app.clock.advance(Duration::days(1));
    let supervisor_token = w.app.token(&supervisor, &[Role::Learner]);
    let (_, due) = send(w.app.get("/api/v1/me/follow-ups", &supervisor_token)).await;
    let due = due["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(due.len(), 3);
    for (follow_up, value) in due.iter().zip([4, 3, 5]) {
        let body = json!({"answers": [{"item_id": "terapan", "value": value}]});
        let path = format!("/api/v1/follow-ups/{}/responses", id(follow_up));
        let (status, _) = send(w.app.post(&path, &supervisor_token, &body)).await;
        assert_eq!(status, 201);
    }

    let admin = w.app.token(&w.admin, &[Role::OrgAdmin]);
    let path = format!("/api/v1/reports/courses?organization_id={}&year={}", w.kupang, this_year());
    let (status, report) = send(w.app.get(&path, &admin)).await;
    assert_eq!(status, 200, "{report}");
    let row = |course: &Value| {
        report["courses"]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["course_id"] == course["id"]))
            .cloned()
            .unwrap_or_default()
    };
    let taught = row(&c.course);
    assert_eq!(
        (taught["participants"].as_u64(), taught["completed"].as_u64(), taught["completion_rate"].as_f64()),
        (Some(4), Some(3), Some(75.0))
    );
    assert_eq!((taught["evaluation_respondents"].as_u64(), taught["mean_evaluation"].as_f64()), (Some(4), Some(3.5)));
    assert_eq!((taught["follow_up_respondents"].as_u64(), taught["mean_follow_up"].as_f64()), (Some(3), Some(4.0)));
    assert!(taught["mean_learning_gain"].is_null(), "no pre-test and post-test");
    let idle = row(&empty);
    assert_eq!((idle["participants"].as_u64(), idle["completion_rate"].is_null()), (Some(0), true));
    let text = report.to_string();
    for person in [&w.learner, &second, &third, &w.other_learner] {
        assert!(!text.contains(&person.id.to_string()), "nobody is named in the report");
    }

    let response = w.app.get(&path, &admin).header("Accept", "text/csv").send().await.expect("csv");
    assert!(
        response.headers().get("content-type").and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/csv"))
    );
    let csv = response.text().await.unwrap_or_default();
    let taught_line = csv.lines().find(|l| l.starts_with(&id(&c.course))).unwrap_or_default().to_owned();
    assert!(taught_line.contains(",4,3,75,4,3.5,,3,4"), "{taught_line}");

    let learner = w.app.token(&w.learner, &[Role::Learner]);
    let instructor = w.app.token(&w.instructor, &[Role::Instructor]);
    for refused in [learner, instructor] {
        problem(w.app.get(&path, &refused), 403, "forbidden").await;
    }
    let other_admin = w.app.token(&w.other_admin, &[Role::OrgAdmin]);
    problem(w.app.get(&path, &other_admin), 404, "not_found").await;
}

/// Position needs MNJ-01 at 3. Unit "Pelayanan": levels 1 (gap 2), 4 (gap 0), unassessed.
/// No unit: level 2 (gap 1).
#[actix_web::test]
async fn the_gap_report_counts_people_per_competency_and_unit() {
    let c = Course::new().await;
    let w = &c.world;
    let platform = platform_admin(w).await;
    let mnj = competency(w, &platform, "MNJ-01", "managerial").await;
    let body =
        json!({"name": "Analis", "tier": "pelaksana", "requirements": [{"competency_id": id(&mnj), "level": 3}]});
    let (_, position) =
        send(w.app.post(&format!("/api/v1/organizations/{}/positions", w.kupang), &w.admin.token, &body)).await;
    let (_, unit) = send(w.app.post(
        &format!("/api/v1/organizations/{}/units", w.kupang),
        &w.admin.token,
        &json!({"name": "Pelayanan"}),
    ))
    .await;
    let mut people = Vec::new();
    for (in_unit, level) in [(true, Some(1)), (true, Some(4)), (true, None), (false, Some(2))] {
        let person = w.app.user(Some(w.kupang), &[Role::Learner]).await;
        let mut patch = json!({"position_id": id(&position)});
        if in_unit {
            patch["unit_id"] = json!(id(&unit));
        }
        let (status, saved) = send(w.app.patch(&format!("/api/v1/users/{}", person.id), &w.admin.token, &patch)).await;
        assert_eq!(status, 200, "{saved}");
        if let Some(level) = level {
            let body = json!({"competency_id": id(&mnj), "level": level, "method": "assessment_center", "assessed_on": "2026-01-15"});
            let (status, _) =
                send(w.app.post(&format!("/api/v1/users/{}/assessments", person.id), &w.admin.token, &body)).await;
            assert_eq!(status, 201);
        }
        people.push(person);
    }
    let path = format!("/api/v1/reports/competency-gaps?organization_id={}", w.kupang);
    let (statements, status) = w.app.count_queries(w.app.get(&path, &w.admin.token)).await;
    assert_eq!(status, 200);
    let (_, report) = send(w.app.get(&path, &w.admin.token)).await;
    let rows = report["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), 2, "{report}");
    let in_unit = rows.iter().find(|r| r["unit_id"] == unit["id"]).cloned().unwrap_or_default();
    assert_eq!(
        (
            in_unit["people"].as_u64(),
            in_unit["assessed"].as_u64(),
            in_unit["below_requirement"].as_u64(),
            in_unit["mean_gap"].as_f64()
        ),
        (Some(3), Some(2), Some(1), Some(1.0))
    );
    let no_unit = rows.iter().find(|r| r["unit_id"].is_null()).cloned().unwrap_or_default();
    assert_eq!(
        (no_unit["people"].as_u64(), no_unit["below_requirement"].as_u64(), no_unit["mean_gap"].as_f64()),
        (Some(1), Some(1), Some(1.0))
    );

    // Twice the people, the same statements.
    for _ in 0..4 {
        let person = w.app.user(Some(w.kupang), &[Role::Learner]).await;
        send(w.app.patch(
            &format!("/api/v1/users/{}", person.id),
            &w.admin.token,
            &json!({"position_id": id(&position)}),
        ))
        .await;
    }
    let (again, _) = w.app.count_queries(w.app.get(&path, &w.admin.token)).await;
    assert_eq!(again, statements);
    println!("competency-gap report: {statements} statements");

    let csv = w
        .app
        .get(&path, &w.admin.token)
        .header("Accept", "text/csv")
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .unwrap_or_default();
    assert!(csv.starts_with("competency_id,code,name,unit_id"), "{csv}");
    assert!(csv.contains(",MNJ-01,Kompetensi MNJ-01,") && csv.contains(",Pelayanan,3,2,1,1"), "{csv}");
    problem(w.app.get(&path, &w.learner.token), 403, "forbidden").await;
    problem(w.app.get(&path, &w.other_admin.token), 404, "not_found").await;
    assert!(people.iter().all(|p| !report.to_string().contains(&p.id.to_string())), "nobody is named");
}
