"""The web app: explore the docket, see the evidence, verify and correct (``docket serve``)."""

from docket.web.app import create_app

__all__ = ["create_app"]
