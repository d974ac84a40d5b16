// The platform outbox: in-app notifications and queued e-mails (see outbox.ts), their delivery
// worker and transports, and the notifications API.
import { addMessages } from '../i18n/messages.ts'
import { outboxMessages } from './outbox.messages.ts'

addMessages(outboxMessages)

export { notify, enqueueEmails, deliverDueEmails, startEmailWorker, MAX_ATTEMPTS, type NotificationInput, type EmailInput, type EmailWorker, type DeliveryResult } from './outbox.ts'
export { transportFor, fileTransport, smtpTransport, senderOf, outboxDirOf, PermanentMailError, type MailTransport } from './transport.ts'
export { buildEml, parseEml, backoffMs, type MailMessage, type MailAttachment } from './mail.ts'
export { notificationsRoutes, renderNotification } from './notifications.routes.ts'
