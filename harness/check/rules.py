"""What each rule means, for SARIF rule metadata, JUnit and the Markdown summary."""

from __future__ import annotations

from harness.model import Rule

RULE_TEXT: dict[Rule, tuple[str, str, str]] = {
    # rule: (short name, one-line description, why it matters)
    Rule.pre_consent: (
        "ReadBeforeConsent",
        "Personal data read before the user agreed to the privacy policy",
        "Collecting personal data before consent is what app-store reviews and regulators "
        "flag first; move the read (or the SDK's initialisation) after the user agrees.",
    ),
    Rule.after_refusal: (
        "ReadAfterRefusal",
        "Personal data read after the user refused the privacy policy",
        "After a refusal the app may run only what needs no personal data.",
    ),
    Rule.excessive_frequency: (
        "ExcessiveReadFrequency",
        "Personal data read more often than the configured limit",
        "Reading the same data repeatedly in a short time exceeds what the stated purpose needs.",
    ),
    Rule.background: (
        "ReadInBackground",
        "Personal data read while the app was in the background",
        "Reads in the background are outside what the user can see and expect.",
    ),
    Rule.sent_before_consent: (
        "SentBeforeConsent",
        "Personal data sent to a server before the user agreed to the privacy policy",
        "A value read on the device left it before consent: the strongest evidence of "
        "collection; initialise the SDK (or let it upload) only after the user agrees.",
    ),
    Rule.sent_after_refusal: (
        "SentAfterRefusal",
        "Personal data sent to a server after the user refused the privacy policy",
        "After a refusal no personal data may leave the device.",
    ),
    Rule.sent_in_background: (
        "SentInBackground",
        "Personal data sent to a server while the app was in the background",
        "Uploads in the background are outside what the user can see and expect.",
    ),
    Rule.permission_before_consent: (
        "PermissionBeforeConsent",
        "A dangerous runtime permission requested before the user agreed to the privacy policy",
        "Opening a permission that can collect personal data before consent counts as "
        "collecting without consent; ask when the feature needs it, after the user agrees.",
    ),
    Rule.permission_reprompt: (
        "PermissionReprompt",
        "A runtime permission requested again after the user denied it",
        "Asking again for a denied permission is the 'frequent permission requests' problem "
        "regulators test for; respect the denial (at least 48 hours, or until the user acts).",
    ),
    Rule.associated_start: (
        "AssociatedStart",
        "The app started, bound or broadcast to another app's component, or launched another app",
        "Waking other apps (associated start) is a problem type of the ministry's notice 164; "
        "start another app only when the user asks for it.",
    ),
    Rule.self_start: (
        "SelfStart",
        "The manifest registers for boot or other system broadcasts that start the app",
        "Starting without the user (self-start) is a problem type of the ministry's notice 164; "
        "drop the receiver or start the work when the user opens the app.",
    ),
}


def rule_title(rule: Rule) -> str:
    return RULE_TEXT[rule][1]
