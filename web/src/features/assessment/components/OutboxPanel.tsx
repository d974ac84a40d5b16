// The submissions kept on this device, each with its state: waiting, sending, sent (with the
// version the server gave it) or refused (with the server's message, kept until the user
// corrects or discards it).
import { Link, useLocation } from 'react-router'
import { formatDateTime } from '../../../lib/i18n.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'
import { loginPath } from '../../../lib/navigation.ts'
import { ConfirmButton } from '../../../components/ui.tsx'
import { listFor, type OutboxItem } from '../offline/outbox-logic.ts'
import { outbox } from '../offline/store.ts'
import { syncOutbox } from '../offline/sync.ts'
import { useOnline } from '../offline/use-outbox.ts'

export function OutboxStateText({ item }: { item: OutboxItem }) {
  const { t } = useI18n()
  switch (item.state) {
    case 'waiting':
      return <>{t('survey.outbox.state.waiting')}</>
    case 'sending':
      return <>{t('survey.outbox.state.sending')}</>
    case 'sent':
      return <>{t('survey.outbox.state.sent', { version: item.version ?? '?' })}</>
    case 'rejected':
      return <>{t('survey.outbox.state.rejected', { message: item.lastError?.message ?? '' })}</>
  }
}

export const formPath = (item: Pick<OutboxItem, 'roundId' | 'firmId'>) =>
  `/rounds/${encodeURIComponent(item.roundId)}/respond/${encodeURIComponent(item.firmId)}`

export function OutboxPanel({ items, userId }: { items: OutboxItem[] | undefined; userId: string }) {
  const { t, lang } = useI18n()
  const online = useOnline()
  const location = useLocation()
  const mine = listFor(items ?? [], userId)
  if (mine.length === 0) return null
  const pending = mine.some((item) => item.state === 'waiting' || item.state === 'sending')
  const signIn = mine.some((item) => item.state === 'waiting' && item.needsSignIn)
  const sent = mine.filter((item) => item.state === 'sent')

  return (
    <section className="panel outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title">{t('survey.outbox.title')}</h2>
      <p className="hint">{t('survey.outbox.intro')}</p>
      {signIn ? (
        <div className="alert alert-error" role="alert">
          {t('survey.outbox.signIn')} <Link to={loginPath(`${location.pathname}${location.search}`)}>{t('survey.outbox.signInLink')}</Link>
        </div>
      ) : null}
      <ul className="outbox-list" aria-live="polite">
        {mine.map((item) => (
          <li key={item.submissionId} className={`outbox-item outbox-${item.state}`} data-submission={item.submissionId}>
            <div className="outbox-what">
              <span className="outbox-firm">{t('survey.outbox.item', { firm: item.firmName, round: item.roundName })}</span>
              <span className="hint">{t('survey.outbox.savedAt', { date: formatDateTime(lang, new Date(item.createdAt).toISOString()) })}</span>
            </div>
            <span className={`badge outbox-state outbox-state-${item.state}`}>
              <OutboxStateText item={item} />
            </span>
            {item.state === 'rejected' ? (
              <span className="outbox-actions">
                <Link className="button button-small button-secondary" to={formPath(item)} aria-label={t('survey.outbox.fixFor', { firm: item.firmName })}>
                  {t('survey.outbox.fix')}
                </Link>
                <ConfirmButton label={t('survey.outbox.discardFor', { firm: item.firmName })} onConfirm={() => outbox.remove([item.submissionId])}>
                  {t('survey.outbox.discard')}
                </ConfirmButton>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <div className="actions">
        {pending ? (
          <button type="button" className="button button-small" disabled={!online} onClick={() => void syncOutbox({ force: true })}>
            {t('survey.outbox.sendNow')}
          </button>
        ) : null}
        {sent.length ? (
          <button type="button" className="button button-small button-secondary" onClick={() => void outbox.remove(sent.map((item) => item.submissionId))}>
            {t('survey.outbox.clearSent')}
          </button>
        ) : null}
      </div>
    </section>
  )
}
