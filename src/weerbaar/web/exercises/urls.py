"""URLs under ``kaarten/<map_id>/``: the exercise pages."""

from django.urls import path

from weerbaar.web.exercises.views import cascade, evaluate, plan, run, script

app_name = "exercises"
E = "oefeningen/<int:exercise_id>/"
urlpatterns = [
    path("oefeningen/", plan.exercise_list, name="list"),
    path("oefeningen/nieuw/", plan.new, name="new"),
    path(E, plan.detail, name="detail"),
    path(E + "status/", plan.status, name="status"),
    path(E + "deelnemers/", plan.participant_add, name="participant_add"),
    path(
        E + "deelnemers/<int:participant_id>/verwijderen/",
        plan.participant_remove,
        name="participant_remove",
    ),
    path(E + "draaiboek/wijzigingen/", script.changes, name="script_changes"),
    path(E + "draaiboek/<str:kind>/nieuw/", script.edit, name="script_add"),
    path(E + "draaiboek/<str:kind>/<str:item_id>/", script.edit, name="script_edit"),
    path(
        E + "draaiboek/<str:kind>/<str:item_id>/verwijderen/",
        script.delete,
        name="script_delete",
    ),
    path(E + "regie/", run.console, name="console"),
    path(E + "regie/klok/", run.clock, name="clock"),
    path(E + "regie/bericht/", run.inject, name="inject"),
    path(E + "regie/besluit/", run.intervene, name="intervene"),
    path(E + "regie/verloop/", cascade.toggle, name="cascade"),
    path(E + "spelen/", run.player, name="player"),
    path(E + "besluit/", run.decide, name="decide"),
    path(E + "stand/", run.state, name="state"),
    path(E + "evaluatie/", evaluate.evaluate, name="evaluate"),
    path(E + "evaluatie/beoordelen/", evaluate.rate, name="rate"),
    path(E + "evaluatie/waarneming/", evaluate.observe, name="observe"),
    path(E + "terugblik/", evaluate.hotwash, name="hotwash"),
    path(E + "acties/", evaluate.action, name="action"),
    path(E + "verslag/", evaluate.report, name="report"),
    path(E + "verslag.pdf", evaluate.report_pdf, name="report_pdf"),
    path(E + "draaiboek.pdf", evaluate.pack_pdf, name="pack_pdf"),
]
