//! A person's position and supervisor, set through `PATCH /users/{id}`.

use latih_kernel::Role;
use latih_tests::{problem, send};
use serde_json::json;

use super::id;
use crate::courses::World;

#[actix_web::test]
async fn position_and_supervisor_come_from_the_persons_own_organization_without_loops() {
    let w = World::new().await;
    let (_, kupang_position) = send(w.app.post(
        &format!("/api/v1/organizations/{}/positions", w.kupang),
        &w.admin.token,
        &json!({"name": "Pengawas Pelayanan", "tier": "pengawas"}),
    ))
    .await;
    let jayapura = w.other_admin.organization_id.unwrap_or_default();
    let (_, jayapura_position) = send(w.app.post(
        &format!("/api/v1/organizations/{jayapura}/positions"),
        &w.other_admin.token,
        &json!({"name": "Pelaksana", "tier": "pelaksana"}),
    ))
    .await;
    let chief = w.app.user(Some(w.kupang), &[Role::Learner]).await;
    let path = |who: uuid::Uuid| format!("/api/v1/users/{who}");

    let (status, learner) = send(w.app.patch(
        &path(w.learner.id),
        &w.admin.token,
        &json!({"position_id": id(&kupang_position), "supervisor_id": chief.id}),
    ))
    .await;
    assert_eq!(status, 200, "{learner}");
    assert_eq!(learner["position_id"], id(&kupang_position));
    assert_eq!(learner["supervisor_id"], chief.id.to_string());

    let wrong = problem(
        w.app.patch(&path(w.learner.id), &w.admin.token, &json!({"position_id": id(&jayapura_position)})),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(wrong["errors"][0]["code"], "not_in_organization");
    let outsider = problem(
        w.app.patch(&path(w.learner.id), &w.admin.token, &json!({"supervisor_id": w.other_learner.id})),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(outsider["errors"][0]["code"], "not_in_organization");
    // The chief cannot report to the learner who reports to the chief, nor to themselves.
    for loop_back in [w.learner.id, chief.id] {
        let refused = problem(
            w.app.patch(&path(chief.id), &w.admin.token, &json!({"supervisor_id": loop_back})),
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(refused["errors"][0]["code"], "cycle");
    }
    problem(w.app.patch(&path(w.learner.id), &w.other_admin.token, &json!({"supervisor_id": null})), 404, "not_found")
        .await;
    let (_, unchanged) = send(w.app.get(&path(w.learner.id), &w.admin.token)).await;
    assert_eq!(unchanged["supervisor_id"], chief.id.to_string(), "refused changes left the line as it was");

    let (_, cleared) =
        send(w.app.patch(&path(w.learner.id), &w.admin.token, &json!({"supervisor_id": null, "position_id": null})))
            .await;
    assert!(cleared["supervisor_id"].is_null() && cleared["position_id"].is_null(), "{cleared}");
}
