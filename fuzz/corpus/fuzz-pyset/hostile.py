HORIZON_CONFIG["password_validator"] = {
  "regex": r"^.{12,}$",
  "help_text": _("x"),
}
A = (
B = """x
CSRF_COOKIE_SECURE = True
if X:
    DEBUG = True
