"""Readers asking about random dates and editors saving through the admin's forms (with CSRF).

Run by tests/load/run.py, which sets these variables:
LOAD_LOG (a file for one JSON line per request), LOAD_ACKS (one JSON line per write the site acknowledged),
LOAD_EDITORS (user:password,...) and LOAD_FACTS (JSON: the form of each depositary fact editors annotate).
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from datetime import date, timedelta
from typing import Any

from locust import HttpUser, between, task

LOG = open(os.environ["LOAD_LOG"], "a", buffering=1)  # noqa: SIM115 (kept open for the whole run)
ACKS = open(os.environ["LOAD_ACKS"], "a", buffering=1)  # noqa: SIM115
EDITORS = [tuple(pair.split(":", 1)) for pair in os.environ["LOAD_EDITORS"].split(",")]
FACTS: dict[str, dict[str, str]] = json.loads(os.environ["LOAD_FACTS"])
FIRST_DAY, LAST_DAY = date(2008, 12, 3), date(2026, 2, 3)
STATES = ["AFG", "ALB", "AUT", "FRA", "KEN", "LBN", "LTU", "NOR", "VUT", "ZMB"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN_VERSION = re.compile(r'name="seen_version" value="(\d+)"')
CONFLICT = "Another editor changed this record while you were editing it"


def log(name: str, status: int, error: str = "", read: bool = False) -> None:
    entry = {"t": time.time(), "name": name, "status": status, "error": error, "read": read}
    LOG.write(json.dumps(entry) + "\n")


def acknowledge(write: dict[str, Any]) -> None:
    ACKS.write(json.dumps(write) + "\n")


def random_day() -> str:
    return (FIRST_DAY + timedelta(days=random.randint(0, (LAST_DAY - FIRST_DAY).days))).isoformat()


class Reader(HttpUser):
    weight = 3
    wait_time = between(0.05, 0.3)

    def read(self, name: str, url: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            log(name, response.status_code, "" if response.ok else response.text[:200], read=True)
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")

    @task(3)
    def states_api(self) -> None:
        self.read("states API", f"/api/v1/treaties/ccm/states?as_of={random_day()}")

    @task(2)
    def treaty_page(self) -> None:
        self.read("treaty page", f"/treaties/{random.choice(['ccm', 'apmbc'])}/?as_of={random_day()}")

    @task(1)
    def compliance_api(self) -> None:
        self.read("compliance API", f"/api/v1/treaties/ccm/compliance?as_of={random_day()}")

    @task(1)
    def state_profile(self) -> None:
        self.read("State profile", f"/states/{random.choice(STATES)}/?as_of={random_day()}")


class Editor(HttpUser):
    weight = 1
    wait_time = between(0.2, 0.8)

    def on_start(self) -> None:
        self.username, self.password = EDITORS[random.randrange(len(EDITORS))]
        self.signed_in = False

    def form_page(self, name: str, url: str) -> str | None:
        """The form's page, or None (logged) when the site did not answer it."""
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as response:
            log(name, response.status_code, "" if response.ok else response.text[:200])
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
                return None
            return response.text

    def post(self, name: str, url: str, form: dict[str, str]) -> tuple[int, str, str]:
        """The answer's status, text and, for a redirect, where it leads."""
        with self.client.post(url, data=form, name=name, catch_response=True, allow_redirects=False) as response:
            log(name, response.status_code, "" if response.status_code < 500 else response.text[:200])
            if response.status_code >= 500 or response.status_code == 0:
                response.failure(f"{response.status_code} on {url}")
            else:
                response.success()
            return response.status_code, response.text, response.headers.get("Location", "")

    def sign_in(self) -> bool:
        page = self.form_page("admin sign-in form", "/admin/login/?next=/admin/")
        token = CSRF.search(page or "")
        if token is None:
            return False
        form = {"csrfmiddlewaretoken": token.group(1), "username": self.username, "password": self.password}
        form["next"] = "/admin/"
        status, _, _ = self.post("admin sign-in", "/admin/login/?next=/admin/", form)
        self.signed_in = status == 302
        return self.signed_in

    @task(1)
    def record_source(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        page = self.form_page("source form", "/admin/registry/source/add/")
        token = CSRF.search(page or "")
        if token is None:
            return
        mark = f"{self.username}-{time.time_ns()}"
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "citation": f"Load test source {mark}",
            "url": "",
            "retrieved_on": "",
            "primary": "on",
            "change_reason": f"load {mark}",
        }
        status, _, location = self.post("source saved", "/admin/registry/source/add/", form)
        if status == 302 and location.startswith("/admin/registry/source/") and "/add/" not in location:
            acknowledge({"kind": "source", "citation": form["citation"], "reason": form["change_reason"]})

    @task(2)
    def annotate_fact(self) -> None:
        if not self.signed_in and not self.sign_in():
            return
        pk = random.choice(list(FACTS))
        url = f"/admin/registry/depositaryfact/{pk}/change/"
        page = self.form_page("fact form", url) or ""
        token, version = CSRF.search(page), SEEN_VERSION.search(page)
        if token is None or version is None:
            return
        mark = f"{self.username}-{time.time_ns()}"
        form = {
            **FACTS[pk],
            "csrfmiddlewaretoken": token.group(1),
            "seen_version": version.group(1),
            "text": f"Load test note {mark}",
            "change_reason": f"load {mark}",
        }
        status, body, location = self.post("fact corrected", url, form)
        # Saved: the admin goes on to the list of facts. A conflict found as the change was written sends
        # the editor back to the fact's page with the message (nothing of theirs was kept).
        if status == 302 and location != url:
            acknowledge({"kind": "fact", "pk": int(pk), "text": form["text"], "reason": form["change_reason"]})
        elif (status == 302 and location == url) or (status == 200 and CONFLICT in body):
            log("fact conflict shown", 200)
        elif status == 200:
            log("fact corrected", 422, "the form came back without a conflict: " + body[:200])
