"""The login, the password change and the administration of users, units, institutions and competences,
as the fuzzer attacks them. Collected by tidlig/tests/fuzz_registry.py."""

from django.urls import reverse

from conftest import PASSWORD, login
from tidlig.tests.fuzz_registry import Case, Target, World, serial


def _login(w: World) -> Target:
    w.mette  # noqa: B018 (a user whose name the fuzzer may hit)
    url = reverse("login")
    return Target(w.client, lambda: (url, {"username": "mette", "password": "forkert"}))


LOGIN = Case(
    name="login",
    forms=("tidlig.accounts.forms.LoginForm",),
    setup=_login,
    fields={"username": "text", "password": "text"},
    writes=False,
    examples=20,
    public=True,
)


NEW_PASSWORD = "en-helt-ny-adgangskode-2026"


def _password_change(w: World) -> Target:
    from tidlig.accounts.models import User

    client, mette = w.client, w.mette

    def prepare():
        # why: the last submission may have changed her password or locked her out
        mette.set_password(PASSWORD)
        mette.save(update_fields=["password"])
        User.objects.filter(pk=mette.pk).update(failed_login_count=0, locked_until=None)
        login(client, mette)
        return reverse("password_change"), {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}

    return Target(client, prepare)


PASSWORD_CHANGE = Case(
    name="password_change",
    forms=("tidlig.accounts.forms.PasswordChangeForm",),
    setup=_password_change,
    fields={"current": "text", "new": "text", "repeat": "text"},
    exact=False,
)


USER_FIELDS = {
    "first_name": "text",
    "last_name": "text",
    "email": "text",
    "title": "text",
    "role": "choice",
    "unit": "choice",
    "institution": "choice",
    "competences": "choice",
    "capacity": "number",
    "reason": "text",
}


def _user_data(w: World, **extra) -> dict:
    return {
        "first_name": "Hanne",
        "last_name": "Thybo",
        "email": "hanne@example.dk",
        "title": "Socialrådgiver",
        "role": "worker",
        "unit": str(w.prevention.pk),
        "institution": "",
        "capacity": "10",
        "reason": "Ny medarbejder",
        **extra,
    }


def _user_create(w: World) -> Target:
    client = login(w.client, w.admin_user)
    url = reverse("accounts:user_create")
    return Target(
        client, lambda: (url, _user_data(w, username=f"hanne{next(serial)}", password=NEW_PASSWORD))
    )


USER_CREATE = Case(
    name="user_create",
    forms=("tidlig.accounts.forms_admin.NewUserForm",),
    setup=_user_create,
    fields={**USER_FIELDS, "username": "text", "password": "text"},
    stored=("first_name", "last_name", "title"),
)


def _user_edit(w: World) -> Target:
    client, mette = login(w.client, w.admin_user), w.mette

    def prepare():
        mette.refresh_from_db()
        return reverse("accounts:user_edit", args=[mette.uuid]), _user_data(w, version=str(mette.version))

    return Target(client, prepare)


USER_EDIT = Case(
    name="user_edit",
    forms=("tidlig.accounts.forms_admin.UserForm", "tidlig.accounts.forms_admin._Versioned"),
    setup=_user_edit,
    fields={**USER_FIELDS, "version": "number"},
    stored=("first_name", "last_name", "title"),
    exact=False,
    models=("accounts.User",),
)


def _user_password(w: World) -> Target:
    client, mette = login(w.client, w.admin_user), w.mette

    def prepare():
        mette.refresh_from_db()
        data = {
            "version": str(mette.version),
            "password": NEW_PASSWORD,
            "reason": "Har glemt sin adgangskode",
        }
        return reverse("accounts:user_password", args=[mette.uuid]), data

    return Target(client, prepare)


USER_PASSWORD = Case(
    name="user_password",
    forms=("tidlig.accounts.forms_admin.PasswordForm",),
    setup=_user_password,
    fields={"version": "number", "password": "text", "reason": "text"},
    exact=False,
)


def _user_active(w: World) -> Target:
    client, mette = login(w.client, w.admin_user), w.mette

    def prepare():
        mette.refresh_from_db()
        data = {"version": str(mette.version), "active": "0" if mette.is_active else "1", "reason": "Orlov"}
        return reverse("accounts:user_active", args=[mette.uuid]), data

    return Target(client, prepare)


USER_ACTIVE = Case(
    name="user_active",
    forms=("tidlig.accounts.forms_admin.ActiveForm",),
    setup=_user_active,
    fields={"version": "number", "active": "choice", "reason": "text"},
    exact=False,
)


UNIT_FIELDS = {
    "name": "text",
    "kind": "choice",
    "contact_deadline_days": "number",
    "receives_public_referrals": "choice",
}


def _unit_create(w: World) -> Target:
    client = login(w.client, w.admin_user)
    data = {"kind": "ppr", "contact_deadline_days": "5"}
    return Target(
        client, lambda: (reverse("accounts:unit_create"), {**data, "name": f"Enhed {next(serial)}"})
    )


UNIT_CREATE = Case(
    name="unit_create",
    forms=("tidlig.accounts.forms_admin.UnitForm",),
    setup=_unit_create,
    fields=UNIT_FIELDS,
    stored=("name",),
    exact=False,
    models=("accounts.Unit",),
)


def _unit_edit(w: World) -> Target:
    client, unit = login(w.client, w.admin_user), w.prevention

    def prepare():
        unit.refresh_from_db()
        data = {
            "version": str(unit.version),
            "name": f"Tidlig Forebyggelse {next(serial)}",
            "kind": "prevention",
            "contact_deadline_days": "7",
            "receives_public_referrals": "on",
        }
        return reverse("accounts:unit_edit", args=[unit.uuid]), data

    return Target(client, prepare)


UNIT_EDIT = Case(
    name="unit_edit",
    forms=("tidlig.accounts.forms_admin.UnitForm",),
    setup=_unit_edit,
    fields={**UNIT_FIELDS, "version": "number"},
    stored=("name",),
    exact=False,
    models=("accounts.Unit",),
)


INSTITUTION_FIELDS = {"name": "text", "kind": "choice", "referral_unit": "choice"}


def _institution_create(w: World) -> Target:
    client, unit = login(w.client, w.admin_user), w.prevention

    def prepare():
        data = {"name": f"Skole {next(serial)}", "kind": "school", "referral_unit": str(unit.pk)}
        return reverse("accounts:institution_create"), data

    return Target(client, prepare)


INSTITUTION_CREATE = Case(
    name="institution_create",
    forms=("tidlig.accounts.forms_admin.InstitutionForm",),
    setup=_institution_create,
    fields=INSTITUTION_FIELDS,
    stored=("name",),
)


def _institution_edit(w: World) -> Target:
    client, school, unit = login(w.client, w.admin_user), w.school, w.prevention

    def prepare():
        school.refresh_from_db()
        data = {
            "version": str(school.version),
            "name": f"Nordskolen {next(serial)}",
            "kind": "school",
            "referral_unit": str(unit.pk),
        }
        return reverse("accounts:institution_edit", args=[school.uuid]), data

    return Target(client, prepare)


INSTITUTION_EDIT = Case(
    name="institution_edit",
    forms=("tidlig.accounts.forms_admin.InstitutionForm",),
    setup=_institution_edit,
    fields={**INSTITUTION_FIELDS, "version": "number"},
    stored=("name",),
    exact=False,
    models=("accounts.Institution",),
)


def _group_add(w: World) -> Target:
    client, school = login(w.client, w.admin_user), w.school
    url = reverse("accounts:group_add", args=[school.uuid])
    return Target(client, lambda: (url, {"name": f"{next(serial)}.A"}))


GROUP_ADD = Case(
    name="institution_group_add",
    forms=("tidlig.accounts.forms_admin.NameForm",),
    setup=_group_add,
    fields={"name": "text"},
    stored=("name",),
)


def _competence_create(w: World) -> Target:
    client = login(w.client, w.admin_user)
    return Target(client, lambda: (reverse("accounts:competences"), {"name": f"Kompetence {next(serial)}"}))


COMPETENCE_CREATE = Case(
    name="competence_create",
    forms=("tidlig.accounts.forms_admin.NameForm",),
    setup=_competence_create,
    fields={"name": "text"},
    stored=("name",),
)


def _competence_edit(w: World) -> Target:
    client, competence = login(w.client, w.admin_user), w.mette.competences.get()
    url = reverse("accounts:competence_edit", args=[competence.pk])
    return Target(client, lambda: (url, {"name": f"Angst {next(serial)}"}))


COMPETENCE_EDIT = Case(
    name="competence_edit",
    forms=("tidlig.accounts.forms_admin.NameForm",),
    setup=_competence_edit,
    fields={"name": "text"},
    stored=("name",),
    exact=False,
    models=("accounts.Competence",),
)


CASES = [
    LOGIN,
    PASSWORD_CHANGE,
    USER_CREATE,
    USER_EDIT,
    USER_PASSWORD,
    USER_ACTIVE,
    UNIT_CREATE,
    UNIT_EDIT,
    INSTITUTION_CREATE,
    INSTITUTION_EDIT,
    GROUP_ADD,
    COMPETENCE_CREATE,
    COMPETENCE_EDIT,
]
