import type { Firm } from '../../../lib/api-client.ts'
import { useI18n } from '../../../lib/i18n-react.tsx'

export function VerificationBadge({ status }: { status: Firm['verificationStatus'] }) {
  const { t } = useI18n()
  return <span className={`badge ${status === 'verified' ? 'badge-ok' : 'badge-pending'}`}>{t(`firms.status.${status}`)}</span>
}

export function SizeClassLabel({ sizeClass }: { sizeClass: Firm['sizeClass'] }) {
  const { t } = useI18n()
  return <>{sizeClass ? t(`size.${sizeClass}`) : t('size.unknown')}</>
}
