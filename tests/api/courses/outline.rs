//! Sections, the outline, and its order.

use latih_tests::{problem, send};
use serde_json::{Value, json};

use super::{World, id};

async fn lesson(world: &World, section: &Value, title: &str) -> Value {
    let body = json!({"title": title, "kind": "link", "url": "https://jdih.kupangkota.go.id", "duration_minutes": 5});
    let (status, lesson) =
        send(world.app.post(&format!("/api/v1/sections/{}/lessons", id(section)), &world.instructor.token, &body))
            .await;
    assert_eq!(status, 201, "{lesson}");
    lesson
}

fn outline_titles(outline: &Value) -> Vec<(String, Vec<String>)> {
    outline["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            let lessons = s["lessons"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l["title"].as_str().map(str::to_owned))
                .collect();
            (s["title"].as_str().unwrap_or_default().to_owned(), lessons)
        })
        .collect()
}

#[actix_web::test]
async fn the_outline_lists_sections_and_lessons_in_order() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let sections = format!("/api/v1/courses/{}/sections", id(&course));
    let (_, second) = send(world.app.post(&sections, &world.instructor.token, &json!({"title": "Dua"}))).await;
    let (_, first) =
        send(world.app.post(&sections, &world.instructor.token, &json!({"title": "Satu", "position": 0}))).await;
    lesson(&world, &first, "1a").await;
    lesson(&world, &first, "1b").await;
    lesson(&world, &second, "2a").await;
    let (status, outline) =
        send(world.app.get(&format!("/api/v1/courses/{}/outline", id(&course)), &world.instructor.token)).await;
    assert_eq!(status, 200);
    assert_eq!(outline["course"]["id"], course["id"]);
    assert_eq!(
        outline_titles(&outline),
        vec![("Satu".to_owned(), vec!["1a".to_owned(), "1b".to_owned()]), ("Dua".to_owned(), vec!["2a".to_owned()])]
    );
    assert!(outline["sections"][0]["lessons"][0].get("body").is_none(), "bodies are not in the outline");
}

#[actix_web::test]
async fn the_outline_is_reordered_at_once() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let sections = format!("/api/v1/courses/{}/sections", id(&course));
    let (_, one) = send(world.app.post(&sections, &world.instructor.token, &json!({"title": "Satu"}))).await;
    let (_, two) = send(world.app.post(&sections, &world.instructor.token, &json!({"title": "Dua"}))).await;
    let a = lesson(&world, &one, "a").await;
    let b = lesson(&world, &one, "b").await;
    let c = lesson(&world, &two, "c").await;
    let order = json!({"sections": [{"id": two["id"], "lessons": [b["id"], c["id"]]}, {"id": one["id"], "lessons": [a["id"]]}]});
    let path = format!("/api/v1/courses/{}/outline", id(&course));
    let (status, outline) = send(world.app.put(&path, &world.instructor.token, &order)).await;
    assert_eq!(status, 200, "{outline}");
    assert_eq!(
        outline_titles(&outline),
        vec![("Dua".to_owned(), vec!["b".to_owned(), "c".to_owned()]), ("Satu".to_owned(), vec!["a".to_owned()])]
    );
    let incomplete =
        json!({"sections": [{"id": two["id"], "lessons": [b["id"]]}, {"id": one["id"], "lessons": [a["id"]]}]});
    problem(world.app.put(&path, &world.instructor.token, &incomplete), 422, "validation_failed").await;
    problem(world.app.put(&path, &world.learner.token, &order), 404, "not_found").await;
    let (_, unchanged) = send(world.app.get(&path, &world.instructor.token)).await;
    assert_eq!(outline_titles(&unchanged)[0].1, vec!["b".to_owned(), "c".to_owned()]);
}

#[actix_web::test]
async fn the_outline_costs_the_same_queries_for_one_lesson_or_a_hundred() {
    let world = World::new().await;
    let small = world.draft(json!({"title": "Kecil"})).await;
    world.section_with_lesson(&small).await;
    let large = world.draft(json!({"title": "Besar"})).await;
    for s in 0..10 {
        let path = format!("/api/v1/courses/{}/sections", id(&large));
        let (_, section) =
            send(world.app.post(&path, &world.instructor.token, &json!({"title": format!("Bagian {s}")}))).await;
        for l in 0..10 {
            lesson(&world, &section, &format!("Pelajaran {s}.{l}")).await;
        }
    }
    let outline =
        |course: &Value| world.app.get(&format!("/api/v1/courses/{}/outline", id(course)), &world.instructor.token);
    let (one, status) = world.app.count_queries(outline(&small)).await;
    assert_eq!(status, 200);
    let (hundred, _) = world.app.count_queries(outline(&large)).await;
    eprintln!("GET /courses/{{id}}/outline: {one} statements for 1 lesson, {hundred} for 10 sections of 10 lessons");
    assert_eq!(one, hundred, "no query per section or lesson");
    let (_, body) = send(outline(&large)).await;
    assert_eq!(body["sections"].as_array().map(Vec::len), Some(10));
    assert_eq!(body["sections"][9]["lessons"].as_array().map(Vec::len), Some(10));
}

#[actix_web::test]
async fn visitors_are_refused_the_outline_and_strangers_do_not_see_it() {
    let world = World::new().await;
    let (public, _) = world.published(json!({"visibility": "public"})).await;
    let (internal, _) = world.published(json!({"visibility": "organization"})).await;
    let path = |course: &Value| format!("/api/v1/courses/{}/outline", id(course));
    problem(world.app.get(&path(&public), &world.learner.token), 403, "forbidden").await;
    problem(world.app.get(&path(&internal), &world.other_learner.token), 404, "not_found").await;
    problem(world.app.get(&path(&internal), &world.other_admin.token), 404, "not_found").await;
    world.enrol(&world.learner, &public).await;
    let (status, _) = send(world.app.get(&path(&public), &world.learner.token)).await;
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn an_empty_section_is_removed_and_a_full_one_is_not() {
    let world = World::new().await;
    let course = world.draft(json!({})).await;
    let (section, _) = world.section_with_lesson(&course).await;
    let path = format!("/api/v1/sections/{}", id(&section));
    problem(world.app.delete(&path, &world.instructor.token), 409, "section_not_empty").await;
    let (_, empty) = send(world.app.post(
        &format!("/api/v1/courses/{}/sections", id(&course)),
        &world.instructor.token,
        &json!({"title": "Kosong"}),
    ))
    .await;
    problem(world.app.delete(&format!("/api/v1/sections/{}", id(&empty)), &world.learner.token), 404, "not_found")
        .await;
    let (status, _) =
        send(world.app.delete(&format!("/api/v1/sections/{}", id(&empty)), &world.instructor.token)).await;
    assert_eq!(status, 204);
    let (status, renamed) =
        send(world.app.patch(&path, &world.instructor.token, &json!({"title": "Bagian Utama"}))).await;
    assert_eq!((status.as_u16(), renamed["title"].as_str()), (200, Some("Bagian Utama")));
}
