/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { errorResponse } from '../api/errors.ts';
import { approveRequest, listRequests, rejectRequest, revokeRequest } from '../gated/access.ts';
import { ActionButton, renderAdminPage } from './layout.tsx';
import {
  type AdminRoute,
  actor,
  day,
  everyone,
  formField,
  idParam,
  notFound,
  salesAndAdmin,
  who,
} from './route-helpers.ts';

/** Access requests: everyone reads them; admin and sales approve, reject and revoke. */
export const requestRoutes: AdminRoute[] = [
  {
    method: 'GET',
    path: '/admin/requests',
    roles: everyone,
    handler: async (context, server) => {
      const { csrf, user } = who(context);
      const canAct = salesAndAdmin.includes(user.role);
      const rows = await listRequests(server);
      return context.html(
        renderAdminPage(
          'Access requests',
          who(context),
          <table>
            <tr>
              <th>#</th><th>Who</th><th>Documents</th><th>Reason</th><th>NDA</th><th>Status</th><th>Links</th>
              {canAct ? <th>Actions</th> : null}
            </tr>
            {rows.map((row) => (
              <tr>
                <td>{row.id}</td>
                <td>{row.name} &lt;{row.email}&gt;, {row.company}</td>
                <td>{row.documents.join(', ')}</td>
                <td>{row.reason}</td>
                <td>v{row.ndaVersion} at {day(row.ndaAcceptedAt)} from {row.ip ?? '?'}</td>
                <td>{row.status}{row.decidedBy ? ` by ${row.decidedBy}` : ''}</td>
                <td>
                  {row.grants.map((grant) => (
                    <div>
                      {grant.documentId}: {grant.revokedAt ? `revoked ${day(grant.revokedAt)}` : `until ${day(grant.expiresAt)}`},{' '}
                      {grant.downloads === 1 ? '1 download' : `${grant.downloads} downloads`}
                    </div>
                  ))}
                </td>
                {canAct ? (
                  <td>
                    {row.status === 'pending' ? (
                      <>
                        <ActionButton action={`/admin/requests/${row.id}/approve`} csrf={csrf} label="Approve">
                          <label>
                            for <input name="days" type="number" min={1} max={365} value={String(server.linkDays)} /> days
                          </label>
                        </ActionButton>
                        <ActionButton action={`/admin/requests/${row.id}/reject`} csrf={csrf} label="Reject" />
                      </>
                    ) : null}
                    {row.grants.some((grant) => !grant.revokedAt) ? (
                      <ActionButton action={`/admin/requests/${row.id}/revoke`} csrf={csrf} label="Revoke links" />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </table>,
        ),
      );
    },
  },
  {
    method: 'POST',
    path: '/admin/requests/:id/approve',
    roles: salesAndAdmin,
    handler: async (context, server) => {
      const id = idParam(context);
      const days = Number(await formField(context, 'days'));
      if (!Number.isInteger(days) || days < 1 || days > 365) {
        return errorResponse(context, 400, 'Some fields need attention.', { days: ['enter a whole number of days from 1 to 365'] });
      }
      if (!id || !(await approveRequest(server, id, actor(context, server), days))) return notFound(context);
      return context.redirect('/admin/requests', 303);
    },
  },
  {
    method: 'POST',
    path: '/admin/requests/:id/reject',
    roles: salesAndAdmin,
    handler: async (context, server) => {
      const id = idParam(context);
      if (!id || !(await rejectRequest(server, id, actor(context, server)))) return notFound(context);
      return context.redirect('/admin/requests', 303);
    },
  },
  {
    method: 'POST',
    path: '/admin/requests/:id/revoke',
    roles: salesAndAdmin,
    handler: async (context, server) => {
      const id = idParam(context);
      if (!id) return notFound(context);
      await revokeRequest(server, id, actor(context, server));
      return context.redirect('/admin/requests', 303);
    },
  },
];
