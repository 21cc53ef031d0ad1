import type { AccountMailId } from "./mails.en";

export const ar: Record<AccountMailId, string> = {
  greeting: "مرحبًا {name}،",
  minutes:
    "{count, plural, zero {# دقيقة} one {دقيقة واحدة} two {دقيقتين} few {# دقائق} many {# دقيقة} other {# دقيقة}}",
  hours: "{count, plural, zero {# ساعة} one {ساعة واحدة} two {ساعتين} few {# ساعات} many {# ساعة} other {# ساعة}}",

  "signupLink.subject": "أكمل إنشاء حسابك في Chalkline",
  "signupLink.body": "افتح الرابط أدناه لإكمال إنشاء حسابك في Chalkline وتسجيل الدخول.",
  "signupLink.expiry": "يعمل الرابط مرة واحدة وتنتهي صلاحيته خلال {lifetime}.",
  "signupLink.action": "إنشاء حسابي",
  "signupLink.footer": "إن لم تسجّل في Chalkline فتجاهل هذه الرسالة: لا يُنشأ أي حساب بدون هذا الرابط.",

  "signupAttempted.subject": "حاول شخص ما التسجيل في Chalkline ببريدك الإلكتروني",
  "signupAttempted.body": "حاول شخص ما للتو إنشاء حساب في Chalkline بعنوان البريد الإلكتروني هذا، وله حساب بالفعل.",
  "signupAttempted.hint":
    "إن كنت أنت، فسجّل الدخول بدلًا من ذلك. وإن نسيت كلمة المرور، فأعد تعيينها من صفحة تسجيل الدخول.",
  "signupAttempted.action": "تسجيل الدخول",
  "signupAttempted.footer": "إن لم تكن أنت، فتجاهل هذه الرسالة: لم يتغير حسابك ولا كلمة مروره.",

  "resetLink.subject": "أعد تعيين كلمة مرورك في Chalkline",
  "resetLink.body":
    "طلب شخص ما (نأمل أن تكون أنت) إعادة تعيين كلمة مرور حسابك في Chalkline. افتح الرابط أدناه لاختيار كلمة مرور جديدة.",
  "resetLink.expiry":
    "يعمل الرابط مرة واحدة وتنتهي صلاحيته خلال {lifetime}. بعد تغيير كلمة المرور، يُسجَّل خروج كل جهاز مسجَّل الدخول إلى حسابك.",
  "resetLink.action": "اختيار كلمة مرور جديدة",
  "resetLink.footer": "إن لم تطلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة مرورك كما هي.",

  "resetUnknown.subject": "طلب إعادة تعيين كلمة مرور في Chalkline",
  "resetUnknown.body":
    "طلب شخص ما إعادة تعيين كلمة مرور حساب في Chalkline بعنوان البريد الإلكتروني هذا، لكن لا يستخدمه أي حساب.",
  "resetUnknown.hint": "إن كان لديك حساب، فربما يستخدم عنوانًا آخر لك. ويمكنك أيضًا إنشاء حساب.",
  "resetUnknown.action": "إنشاء حساب",
  "resetUnknown.footer": "إن لم تكن أنت، فتجاهل هذه الرسالة.",

  "changeLink.subject": "أكّد عنوان بريدك الإلكتروني الجديد في Chalkline",
  "changeLink.body": "افتح الرابط أدناه لتسجيل الدخول إلى Chalkline بهذا العنوان من الآن فصاعدًا.",
  "changeLink.expiry":
    "يعمل الرابط مرة واحدة وتنتهي صلاحيته خلال {lifetime}. وإلى أن يُفتح، يحتفظ حسابك بعنوانه القديم.",
  "changeLink.action": "استخدام هذا العنوان",
  "changeLink.footer": "إن لم تطلب ذلك، فتجاهل هذه الرسالة: لا يتغير شيء بدون هذا الرابط.",

  "changeAttempted.subject": "حاول شخص ما نقل حساب في Chalkline إلى بريدك الإلكتروني",
  "changeAttempted.body":
    "طلب شخص ما تغيير عنوان البريد الإلكتروني لحساب في Chalkline إلى هذا العنوان، وهو يخص حسابًا بالفعل.",
  "changeAttempted.hint": "لم يتغير شيء: كل عنوان يخص حسابًا واحدًا.",
  "changeAttempted.footer": "إن كنت أنت، فاختر عنوانًا آخر، أو سجّل الدخول إلى الحساب الذي يملك هذا العنوان.",

  "changed.subject": "تم تغيير عنوان بريدك الإلكتروني في Chalkline",
  "changed.body": "أصبح حسابك في Chalkline يسجّل الدخول باستخدام {newEmail} بدلًا من هذا العنوان.",
  "changed.hint": "إن لم تُجرِ هذا التغيير، فتواصل فورًا مع مسؤول Chalkline في مدرستك.",
};
