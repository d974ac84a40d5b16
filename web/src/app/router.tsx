import { createBrowserRouter } from 'react-router'
import { Layout } from './Layout.tsx'
import { RequireAuth, RequirePermission } from './guards.tsx'
import { NotFoundPage, RouteErrorPage } from './pages.tsx'
import { LoginPage } from '../features/auth/routes/LoginPage.tsx'
import { EnrolPage } from '../features/auth/routes/EnrolPage.tsx'
import { AcceptInvitationPage } from '../features/auth/routes/AcceptInvitationPage.tsx'
import { HomePage } from '../features/home/routes/HomePage.tsx'
import { ProfilePage } from '../features/profile/routes/ProfilePage.tsx'
import { OrganisationsPage } from '../features/admin/routes/OrganisationsPage.tsx'
import { UsersPage } from '../features/admin/routes/UsersPage.tsx'
import { AuditPage } from '../features/audit/routes/AuditPage.tsx'
import { TokensPage } from '../features/tokens/routes/TokensPage.tsx'
import { FirmsPage } from '../features/registry/routes/FirmsPage.tsx'
import { FirmFormPage } from '../features/registry/routes/FirmFormPage.tsx'
import { FirmDetailPage } from '../features/registry/routes/FirmDetailPage.tsx'
import { SentraPage } from '../features/registry/routes/SentraPage.tsx'
import { RegisterPage } from '../features/registry/routes/RegisterPage.tsx'
import { ImportsPage } from '../features/registry/routes/ImportsPage.tsx'
import { DuplicatesPage } from '../features/registry/routes/DuplicatesPage.tsx'
import { MergePage } from '../features/registry/routes/MergePage.tsx'
import { MergesPage } from '../features/registry/routes/MergesPage.tsx'
import { ProductPage } from '../features/registry/routes/ProductPage.tsx'
import { ProductFormPage } from '../features/registry/routes/ProductFormPage.tsx'
import { DashboardPage } from '../features/assessment/routes/DashboardPage.tsx'
import { DashboardFirmsPage } from '../features/assessment/components/DashboardFirms.tsx'
import { TriagePage } from '../features/assessment/routes/TriagePage.tsx'
import { AssessmentAuth } from '../features/assessment/components/AssessmentAuth.tsx'
import { RoundsPage } from '../features/assessment/routes/RoundsPage.tsx'
import { ResponseFormPage } from '../features/assessment/routes/ResponseFormPage.tsx'
import { CompletenessPage } from '../features/assessment/routes/CompletenessPage.tsx'
import { NotificationsPage } from '../features/notifications/NotificationsPage.tsx'
import { ListingsPage } from '../features/marketplace/listings/ListingsPage.tsx'
import { PipelinePage } from '../features/marketplace/pipeline/PipelinePage.tsx'
import { NominationPage } from '../features/marketplace/pipeline/NominationPage.tsx'
import { FunnelPage } from '../features/marketplace/pipeline/FunnelPage.tsx'
import { CategoriesPage } from '../features/marketplace/listings/CategoriesPage.tsx'
import { WorkshopsPage } from '../features/marketplace/workshops/WorkshopsPage.tsx'
import { ConnectionsPage } from '../features/marketplace/api/ConnectionsPage.tsx'
import { WorkshopPage } from '../features/marketplace/workshops/WorkshopPage.tsx'
import { SalesPage } from '../features/marketplace/sales/SalesPage.tsx'

export function createRouter() {
  return createBrowserRouter([
    {
      element: <Layout />,
      errorElement: <RouteErrorPage />,
      children: [
        { path: '/login', element: <LoginPage /> },
        { path: '/enrol', element: <EnrolPage /> },
        { path: '/setup', element: <AcceptInvitationPage key="setup" mode="setup" /> },
        { path: '/invite', element: <AcceptInvitationPage key="invite" mode="invite" /> },
        { path: '/register', element: <RegisterPage /> },
        // The impact survey opens without a connection too, so it has its own sign-in guard
        // (the user remembered on the device when the session cannot be checked offline).
        {
          path: '/rounds',
          element: (
            <AssessmentAuth permission="assessment.rounds.read">
              <RoundsPage />
            </AssessmentAuth>
          ),
        },
        {
          path: '/rounds/:id/respond/:firmId',
          element: (
            <AssessmentAuth permission="assessment.respond">
              <ResponseFormPage />
            </AssessmentAuth>
          ),
        },
        {
          element: <RequireAuth />,
          children: [
            { path: '/', element: <HomePage /> },
            { path: '/profile', element: <ProfilePage /> },
            { path: '/notifications', element: <NotificationsPage /> },
            {
              path: '/completeness',
              element: (
                <RequirePermission permission="assessment.monitor">
                  <CompletenessPage />
                </RequirePermission>
              ),
            },
            {
              path: '/admin/organisations',
              element: (
                <RequirePermission permission="organisations.manage">
                  <OrganisationsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/admin/users',
              element: (
                <RequirePermission permission="users.manage">
                  <UsersPage />
                </RequirePermission>
              ),
            },
            {
              path: '/audit',
              element: (
                <RequirePermission permission="audit.read">
                  <AuditPage />
                </RequirePermission>
              ),
            },
            {
              path: '/firms',
              element: (
                <RequirePermission permission="firms.read">
                  <FirmsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/firms/new',
              element: (
                <RequirePermission permission="firms.create">
                  <FirmFormPage key="new" />
                </RequirePermission>
              ),
            },
            {
              path: '/firms/:id',
              element: (
                <RequirePermission permission="firms.read">
                  <FirmDetailPage />
                </RequirePermission>
              ),
            },
            {
              path: '/firms/:id/edit',
              element: (
                <RequirePermission permission="firms.read">
                  <FirmFormPage key="edit" />
                </RequirePermission>
              ),
            },
            {
              path: '/firms/:id/products/new',
              element: (
                <RequirePermission permission="firms.read">
                  <ProductFormPage key="new" />
                </RequirePermission>
              ),
            },
            {
              path: '/products/:productId',
              element: (
                <RequirePermission permission="firms.read">
                  <ProductPage />
                </RequirePermission>
              ),
            },
            {
              path: '/products/:productId/edit',
              element: (
                <RequirePermission permission="firms.read">
                  <ProductFormPage key="edit" />
                </RequirePermission>
              ),
            },
            {
              path: '/sentra',
              element: (
                <RequirePermission permission="firms.read">
                  <SentraPage />
                </RequirePermission>
              ),
            },
            {
              path: '/imports',
              element: (
                <RequirePermission permission="firms.create">
                  <ImportsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/duplicates',
              element: (
                <RequirePermission permission="firms.deduplicate">
                  <DuplicatesPage />
                </RequirePermission>
              ),
            },
            {
              path: '/duplicates/compare/:a/:b',
              element: (
                <RequirePermission permission="firms.deduplicate">
                  <MergePage />
                </RequirePermission>
              ),
            },
            {
              path: '/duplicates/merges',
              element: (
                <RequirePermission permission="firms.deduplicate">
                  <MergesPage />
                </RequirePermission>
              ),
            },
            {
              path: '/dashboard',
              element: (
                <RequirePermission permission="assessment.dashboard">
                  <DashboardPage />
                </RequirePermission>
              ),
            },
            {
              path: '/dashboard/firms',
              element: (
                <RequirePermission permission="assessment.dashboard">
                  <DashboardFirmsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/triage',
              element: (
                <RequirePermission permission="assessment.triage">
                  <TriagePage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace',
              element: (
                <RequirePermission permission="marketplace.read">
                  <PipelinePage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/nominations/:id',
              element: (
                <RequirePermission permission="marketplace.read">
                  <NominationPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/funnel',
              element: (
                <RequirePermission permission="marketplace.read">
                  <FunnelPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/listings',
              element: (
                <RequirePermission permission="marketplace.listings">
                  <ListingsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/categories',
              element: (
                <RequirePermission permission="marketplace.read">
                  <CategoriesPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/workshops',
              element: (
                <RequirePermission permission="marketplace.read">
                  <WorkshopsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/connections',
              element: (
                <RequirePermission permission="marketplace.credentials.manage">
                  <ConnectionsPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/workshops/:id',
              element: (
                <RequirePermission permission="marketplace.read">
                  <WorkshopPage />
                </RequirePermission>
              ),
            },
            {
              path: '/marketplace/sales',
              element: (
                <RequirePermission permission="marketplace.sales.read">
                  <SalesPage />
                </RequirePermission>
              ),
            },
            {
              path: '/tokens',
              element: (
                <RequirePermission permission="tokens.manage">
                  <TokensPage />
                </RequirePermission>
              ),
            },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
  ])
}
