/** The account emails in English; the other languages must give every id (their type says so). */
export const en = {
  greeting: "Hi {name},",
  minutes: "{count, plural, one {# minute} other {# minutes}}",
  hours: "{count, plural, one {# hour} other {# hours}}",

  "signupLink.subject": "Finish creating your Chalkline account",
  "signupLink.body": "Open the link below to finish creating your Chalkline account and sign in.",
  "signupLink.expiry": "The link works once and expires in {lifetime}.",
  "signupLink.action": "Create my account",
  "signupLink.footer":
    "If you did not sign up for Chalkline, ignore this email: no account is created without this link.",

  "signupAttempted.subject": "Someone tried to sign up to Chalkline with your email",
  "signupAttempted.body":
    "Someone just tried to create a Chalkline account with this email address, which already has one.",
  "signupAttempted.hint":
    "If it was you, sign in instead. If you no longer know your password, reset it from the sign-in page.",
  "signupAttempted.action": "Sign in",
  "signupAttempted.footer": "If it was not you, ignore this email: your account and its password are unchanged.",

  "resetLink.subject": "Reset your Chalkline password",
  "resetLink.body":
    "Someone (we hope you) asked to reset the password of your Chalkline account. Open the link below to choose a new one.",
  "resetLink.expiry":
    "The link works once and expires in {lifetime}. Once the password is changed, every device signed in to your account is signed out.",
  "resetLink.action": "Choose a new password",
  "resetLink.footer": "If you did not ask for this, ignore this email: your password stays as it is.",

  "resetUnknown.subject": "Chalkline password reset",
  "resetUnknown.body":
    "Someone asked to reset the password of a Chalkline account with this email address, but no account uses it.",
  "resetUnknown.hint": "If you have an account, it may use another address of yours. You can also create one.",
  "resetUnknown.action": "Create an account",
  "resetUnknown.footer": "If it was not you, ignore this email.",

  "changeLink.subject": "Confirm your new Chalkline email address",
  "changeLink.body": "Open the link below to sign in to Chalkline with this address from now on.",
  "changeLink.expiry":
    "The link works once and expires in {lifetime}. Until it is opened, your account keeps its old address.",
  "changeLink.action": "Use this address",
  "changeLink.footer": "If you did not ask for this, ignore this email: nothing changes without this link.",

  "changeAttempted.subject": "Someone tried to move a Chalkline account to your email",
  "changeAttempted.body":
    "Someone asked to change a Chalkline account's email address to this one, which already belongs to an account.",
  "changeAttempted.hint": "Nothing was changed: one address belongs to one account.",
  "changeAttempted.footer": "If it was you, pick another address, or sign in to the account this address already has.",

  "changed.subject": "Your Chalkline email address was changed",
  "changed.body": "Your Chalkline account now signs in with {newEmail} instead of this address.",
  "changed.hint": "If you did not make this change, contact your school's Chalkline administrator at once.",
} as const;

export type AccountMailId = keyof typeof en;
