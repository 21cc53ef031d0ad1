import type { AccountMailId } from "./mails.en";

export const es: Record<AccountMailId, string> = {
  greeting: "Hola, {name}:",
  minutes: "{count, plural, one {# minuto} other {# minutos}}",
  hours: "{count, plural, one {# hora} other {# horas}}",

  "signupLink.subject": "Termina de crear tu cuenta de Chalkline",
  "signupLink.body": "Abre el enlace de abajo para terminar de crear tu cuenta de Chalkline e iniciar sesión.",
  "signupLink.expiry": "El enlace funciona una sola vez y caduca en {lifetime}.",
  "signupLink.action": "Crear mi cuenta",
  "signupLink.footer":
    "Si no te registraste en Chalkline, ignora este correo: sin este enlace no se crea ninguna cuenta.",

  "signupAttempted.subject": "Alguien intentó registrarse en Chalkline con tu correo",
  "signupAttempted.body":
    "Alguien acaba de intentar crear una cuenta de Chalkline con esta dirección de correo, que ya tiene una.",
  "signupAttempted.hint":
    "Si fuiste tú, inicia sesión. Si ya no recuerdas tu contraseña, restablécela desde la página de inicio de sesión.",
  "signupAttempted.action": "Iniciar sesión",
  "signupAttempted.footer": "Si no fuiste tú, ignora este correo: tu cuenta y su contraseña no han cambiado.",

  "resetLink.subject": "Restablece tu contraseña de Chalkline",
  "resetLink.body":
    "Alguien (esperamos que tú) pidió restablecer la contraseña de tu cuenta de Chalkline. Abre el enlace de abajo para elegir una nueva.",
  "resetLink.expiry":
    "El enlace funciona una sola vez y caduca en {lifetime}. Cuando cambies la contraseña, se cerrará la sesión en todos los dispositivos conectados a tu cuenta.",
  "resetLink.action": "Elegir una contraseña nueva",
  "resetLink.footer": "Si no lo pediste, ignora este correo: tu contraseña sigue igual.",

  "resetUnknown.subject": "Restablecimiento de contraseña de Chalkline",
  "resetUnknown.body":
    "Alguien pidió restablecer la contraseña de una cuenta de Chalkline con esta dirección de correo, pero ninguna cuenta la usa.",
  "resetUnknown.hint": "Si tienes una cuenta, quizá use otra de tus direcciones. También puedes crear una.",
  "resetUnknown.action": "Crear una cuenta",
  "resetUnknown.footer": "Si no fuiste tú, ignora este correo.",

  "changeLink.subject": "Confirma tu nueva dirección de correo de Chalkline",
  "changeLink.body": "Abre el enlace de abajo para iniciar sesión en Chalkline con esta dirección a partir de ahora.",
  "changeLink.expiry":
    "El enlace funciona una sola vez y caduca en {lifetime}. Hasta que lo abras, tu cuenta conserva su dirección anterior.",
  "changeLink.action": "Usar esta dirección",
  "changeLink.footer": "Si no lo pediste, ignora este correo: nada cambia sin este enlace.",

  "changeAttempted.subject": "Alguien intentó mover una cuenta de Chalkline a tu correo",
  "changeAttempted.body":
    "Alguien pidió cambiar la dirección de correo de una cuenta de Chalkline a esta, que ya pertenece a una cuenta.",
  "changeAttempted.hint": "No se cambió nada: cada dirección pertenece a una sola cuenta.",
  "changeAttempted.footer":
    "Si fuiste tú, elige otra dirección o inicia sesión en la cuenta que ya tiene esta dirección.",

  "changed.subject": "Se cambió tu dirección de correo de Chalkline",
  "changed.body": "Tu cuenta de Chalkline ahora inicia sesión con {newEmail} en lugar de esta dirección.",
  "changed.hint": "Si no hiciste este cambio, contacta de inmediato con el administrador de Chalkline de tu escuela.",
};
