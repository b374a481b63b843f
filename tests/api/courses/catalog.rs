//! `GET /courses`: who sees what, filters, order and paging.

use latih_tests::send;
use serde_json::{Value, json};

use super::{World, id, titles};

async fn catalog(world: &World, token: &str, query: &str) -> Value {
    let (status, page) = send(world.app.get(&format!("/api/v1/courses{query}"), token)).await;
    assert_eq!(status, 200, "{page}");
    page
}

#[actix_web::test]
async fn learners_see_published_public_and_own_organization_courses_only() {
    let world = World::new().await;
    world.published(json!({"title": "Publik Kupang", "visibility": "public"})).await;
    world.published(json!({"title": "Internal Kupang", "visibility": "organization"})).await;
    world.draft(json!({"title": "Draf Kupang"})).await;
    let own = catalog(&world, &world.learner.token, "").await;
    assert_eq!(titles(&own), vec!["Internal Kupang", "Publik Kupang"], "newest first");
    let other = catalog(&world, &world.other_learner.token, "").await;
    assert_eq!(titles(&other), vec!["Publik Kupang"]);
    let other_admin = catalog(&world, &world.other_admin.token, "").await;
    assert_eq!(titles(&other_admin), vec!["Publik Kupang"], "another organization's admin sees no drafts");
}

#[actix_web::test]
async fn staff_also_see_their_drafts() {
    let world = World::new().await;
    world.published(json!({"title": "Terbit"})).await;
    world.draft(json!({"title": "Draf"})).await;
    let staff = catalog(&world, &world.instructor.token, "").await;
    assert_eq!(titles(&staff), vec!["Draf", "Terbit"]);
    let drafts = catalog(&world, &world.admin.token, "?status=draft").await;
    assert_eq!(titles(&drafts), vec!["Draf"]);
    let learner_drafts = catalog(&world, &world.learner.token, "?status=draft").await;
    assert!(titles(&learner_drafts).is_empty());
}

#[actix_web::test]
async fn filters_narrow_the_catalog() {
    let world = World::new().await;
    world
        .published(json!({"title": "Kebijakan Publik Daerah", "summary": "Analisis kebijakan", "competency_type": "technical", "tags": ["kebijakan"]}))
        .await;
    world
        .published(json!({"title": "Kepemimpinan Pengawas", "summary": "Memimpin tim", "competency_type": "managerial", "delivery": "blended", "tags": ["kepemimpinan"]}))
        .await;
    world.published(json!({"title": "Café Budaya Kerja", "summary": "Budaya organisasi", "tags": ["budaya"]})).await;
    let token = &world.learner.token;
    assert_eq!(titles(&catalog(&world, token, "?q=KEBIJAKAN").await), vec!["Kebijakan Publik Daerah"]);
    assert_eq!(titles(&catalog(&world, token, "?q=cafe").await), vec!["Café Budaya Kerja"], "accents ignored");
    assert_eq!(
        titles(&catalog(&world, token, "?q=memimpin%20tim").await),
        vec!["Kepemimpinan Pengawas"],
        "summary searched"
    );
    assert_eq!(titles(&catalog(&world, token, "?competency_type=managerial").await), vec!["Kepemimpinan Pengawas"]);
    assert_eq!(titles(&catalog(&world, token, "?delivery=blended").await), vec!["Kepemimpinan Pengawas"]);
    assert_eq!(titles(&catalog(&world, token, "?tag=Budaya").await), vec!["Café Budaya Kerja"]);
    assert!(titles(&catalog(&world, token, "?q=100%25").await).is_empty(), "wildcards are literal");
    let long = world.app.get("/api/v1/courses?q=a+b+c+d+e+f+g+h+i", token);
    latih_tests::problem(long, 422, "validation_failed").await;
}

#[actix_web::test]
async fn the_catalog_pages_with_a_cursor_and_a_fixed_number_of_queries() {
    let world = World::new().await;
    for n in 0..5 {
        world.published(json!({"title": format!("Kursus {n}")})).await;
    }
    let first = catalog(&world, &world.learner.token, "?limit=2").await;
    assert_eq!(titles(&first), vec!["Kursus 4", "Kursus 3"]);
    let cursor = first["next_cursor"].as_str().expect("more pages");
    let second = catalog(&world, &world.learner.token, &format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(titles(&second), vec!["Kursus 2", "Kursus 1"]);
    let (small, _) = world.app.count_queries(world.app.get("/api/v1/courses?limit=1", &world.learner.token)).await;
    let (large, _) = world.app.count_queries(world.app.get("/api/v1/courses?limit=5", &world.learner.token)).await;
    eprintln!("GET /courses: {small} statements for a page of 1, {large} for a page of 5");
    assert_eq!(small, large, "no query per course");
    assert!(large <= 3, "{large} queries");
}

#[actix_web::test]
async fn a_course_is_read_by_those_who_may_see_it() {
    let world = World::new().await;
    let (public, _) = world.published(json!({"visibility": "public"})).await;
    let (internal, _) = world.published(json!({"visibility": "organization"})).await;
    let read = |course: &Value, token: &str| world.app.get(&format!("/api/v1/courses/{}", id(course)), token);
    assert_eq!(send(read(&public, &world.other_learner.token)).await.0, 200);
    assert_eq!(send(read(&internal, &world.learner.token)).await.0, 200);
    assert_eq!(send(read(&internal, &world.other_learner.token)).await.0, 404);
    assert_eq!(send(read(&internal, &world.other_admin.token)).await.0, 404);
}
