//! Quizzes and their pools: settings, validation, Aiken and GIFT import, GIFT export.

use latih_tests::{problem, send};
use reqwest::Method;
use serde_json::json;

use super::{Quiz, single_choice};
use crate::courses::id;

#[actix_web::test]
async fn staff_create_quizzes_and_others_cannot() {
    let quiz = Quiz::new(json!({"time_limit_seconds": 1800, "max_attempts": 2, "review_policy": "explanations"})).await;
    assert_eq!(quiz.quiz["time_limit_seconds"], 1800);
    assert_eq!(quiz.quiz["review_policy"], "explanations");
    assert_eq!(quiz.quiz["result_policy"], "best");
    let world = &quiz.world;
    let path = format!("/api/v1/courses/{}/quizzes", id(&quiz.course));
    let body = json!({"title": "Kuis", "kind": "practice"});
    problem(world.app.post(&path, &world.learner.token, &body), 403, "forbidden").await;
    problem(world.app.post(&path, &world.other_admin.token, &body), 403, "forbidden").await;
    let bad = json!({"title": "Kuis", "kind": "graded", "time_limit_seconds": 0, "pass_percent": 120,
        "opens_at": "2026-12-01T00:00:00Z", "closes_at": "2026-11-30T00:00:00Z"});
    let refused = problem(world.app.post(&path, &world.instructor.token, &bad), 422, "validation_failed").await;
    let fields: Vec<&str> =
        refused["errors"].as_array().into_iter().flatten().filter_map(|e| e["field"].as_str()).collect();
    assert_eq!(fields, vec!["time_limit_seconds", "pass_percent", "closes_at"]);
    let (status, list) = send(world.app.get(&path, &world.learner.token)).await;
    assert_eq!((status.as_u16(), list["items"].as_array().map(Vec::len)), (200, Some(1)));
}

#[actix_web::test]
async fn quiz_settings_are_versioned() {
    let quiz = Quiz::new(json!({})).await;
    let world = &quiz.world;
    let path = quiz.path("");
    let (status, updated) =
        send(world.app.patch(&path, &world.instructor.token, &json!({"max_attempts": 3})).header("if-match", "\"1\""))
            .await;
    assert_eq!(
        (status.as_u16(), updated["max_attempts"].as_i64(), updated["version"].as_i64()),
        (200, Some(3), Some(2))
    );
    let stale =
        world.app.patch(&path, &world.instructor.token, &json!({"max_attempts": 1})).header("if-match", "\"1\"");
    problem(stale, 412, "precondition_failed").await;
    problem(world.app.patch(&path, &world.learner.token, &json!({"max_attempts": 9})), 403, "forbidden").await;
}

#[actix_web::test]
async fn invalid_questions_are_refused_with_the_reason() {
    let quiz = Quiz::new(json!({})).await;
    let world = &quiz.world;
    let cases = [
        (
            json!({"type": "single_choice", "prompt": "?", "options": [{"text": "a"}, {"text": "b"}]}),
            "options",
            "one_correct",
        ),
        (
            json!({"type": "single_choice", "prompt": "?", "options": [{"text": "a", "correct": true}, {"text": "b", "correct": true}]}),
            "options",
            "one_correct",
        ),
        (
            json!({"type": "multiple_choice", "prompt": "?", "options": [{"text": "a"}, {"text": "b"}]}),
            "options",
            "no_correct",
        ),
        (json!({"type": "numeric", "prompt": "?", "numeric_value": 20, "tolerance": -1}), "tolerance", "negative"),
        (json!({"type": "numeric", "prompt": "?"}), "numeric_value", "required"),
        (json!({"type": "short_answer", "prompt": "?", "accepted_answers": ["  "]}), "accepted_answers", "required"),
        (json!({"type": "true_false", "prompt": "?"}), "correct_answer", "required"),
        (json!({"type": "essay", "prompt": " ", "points": 0}), "prompt", "invalid_prompt"),
    ];
    for (body, field, code) in cases {
        let refused =
            problem(world.app.post(&quiz.path("/questions"), &world.instructor.token, &body), 422, "validation_failed")
                .await;
        assert_eq!(
            (refused["errors"][0]["field"].as_str(), refused["errors"][0]["code"].as_str()),
            (Some(field), Some(code)),
            "{body}"
        );
    }
    let question = quiz.question(single_choice()).await;
    assert_eq!(question["options"].as_array().map(Vec::len), Some(3));
    problem(world.app.post(&quiz.path("/questions"), &world.learner.token, &single_choice()), 403, "forbidden").await;
    problem(world.app.get(&quiz.path("/questions"), &world.learner.token), 403, "forbidden").await;
}

const AIKEN: &str = "Ibu kota Nusa Tenggara Timur adalah\nA. Kupang\nB. Ende\nANSWER: A\n\n\
    Tanpa jawaban\nA. Ya\nB. Tidak\n\n\
    UU ASN terbaru\nA. UU 5/2014\nB. UU 20/2023\nANSWER: B\n";

const GIFT: &str = "::Q1:: Asas pelayanan {=kepastian hukum ~kerahasiaan}\n\n\
    Nilai dasar ASN {~%50%Berorientasi pelayanan ~%50%Akuntabel ~%-100%Otoriter}\n\n\
    ASN boleh berpolitik praktis. {F}\n\n\
    Singkatan Aparatur Sipil Negara {=ASN}\n\n\
    JP minimal setahun {#20:0}\n\n\
    Jelaskan BerAKHLAK {}\n\n\
    Tidak ada blok jawaban\n\n\
    Tidak ada yang benar {~a ~b}\n";

fn import(quiz: &Quiz, format: &str, text: &str) -> reqwest::RequestBuilder {
    quiz.world
        .app
        .request(Method::POST, &quiz.path(&format!("/questions/import?format={format}")))
        .bearer_auth(&quiz.world.instructor.token)
        .header("content-type", "text/plain; charset=utf-8")
        .body(text.to_owned())
}

#[actix_web::test]
async fn aiken_and_gift_files_import_the_good_questions_and_report_the_bad_by_line() {
    let quiz = Quiz::new(json!({})).await;
    let (status, report) = send(import(&quiz, "aiken", AIKEN)).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["imported"], 2);
    assert_eq!(
        report["errors"].as_array().map(|e| e.iter().filter_map(|x| x["line"].as_u64()).collect::<Vec<_>>()),
        Some(vec![6])
    );
    let (_, report) = send(import(&quiz, "gift", GIFT)).await;
    assert_eq!(report["imported"], 6, "{report}");
    assert_eq!(
        report["errors"].as_array().map(|e| e.iter().filter_map(|x| x["line"].as_u64()).collect::<Vec<_>>()),
        Some(vec![13, 15])
    );
    let (_, pool) = send(quiz.world.app.get(&quiz.path("/questions"), &quiz.world.instructor.token)).await;
    let types: Vec<&str> = pool["items"].as_array().into_iter().flatten().filter_map(|q| q["type"].as_str()).collect();
    assert_eq!(
        types,
        vec![
            "single_choice",
            "single_choice",
            "single_choice",
            "multiple_choice",
            "true_false",
            "short_answer",
            "numeric",
            "essay"
        ]
    );
    problem(import(&quiz, "moodle-xml", GIFT), 400, "bad_request").await;
    let wrong_type = quiz
        .world
        .app
        .request(Method::POST, &quiz.path("/questions/import?format=gift"))
        .bearer_auth(&quiz.world.instructor.token)
        .json(&json!({}));
    problem(wrong_type, 415, "unsupported_media_type").await;
    let learner = quiz
        .world
        .app
        .request(Method::POST, &quiz.path("/questions/import?format=gift"))
        .bearer_auth(&quiz.world.learner.token)
        .header("content-type", "text/plain")
        .body(GIFT);
    problem(learner, 403, "forbidden").await;
}

#[actix_web::test]
async fn the_pool_exports_as_gift_that_imports_back() {
    let quiz = Quiz::new(json!({})).await;
    send(import(&quiz, "gift", GIFT)).await;
    let response = quiz
        .world
        .app
        .get(&quiz.path("/questions/export?format=gift"), &quiz.world.instructor.token)
        .send()
        .await
        .expect("export");
    assert_eq!(response.status(), 200);
    let exported = response.text().await.expect("text");
    assert!(exported.contains("{#20:0}") && exported.contains("{F}"), "{exported}");
    let other = Quiz::new(json!({})).await;
    let (_, report) = send(import(&other, "gift", &exported)).await;
    assert_eq!(
        (report["imported"].as_u64(), report["errors"].as_array().map(Vec::len)),
        (Some(6), Some(0)),
        "{report}"
    );
    problem(
        quiz.world.app.get(&quiz.path("/questions/export?format=gift"), &quiz.world.learner.token),
        403,
        "forbidden",
    )
    .await;
}
