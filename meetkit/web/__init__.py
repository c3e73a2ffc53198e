"""The sign-in web app (meetkit serve)."""
