/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
import { errorResponse } from '../api/errors.ts';
import { approveRequest, listRequests, rejectRequest, revokeRequest } from '../gated/access.ts';
import { ActionButton, Badge, Empty, Pager, pageOf, renderAdminPage, Table } from './layout.tsx';
import { plural } from './words.ts';
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
      const all = await listRequests(server, 2_000);
      const shown = pageOf(all, context.req.query('page'), 25);
      const rows = shown.rows;
      const pending = all.filter((row) => row.status === 'pending').length;
      if (all.length === 0)
        return context.html(
          renderAdminPage(
            'Access requests',
            who(context),
            <Empty>No access requests yet. Prospects ask for gated documents from the Documents page.</Empty>,
          ),
        );
      return context.html(
        renderAdminPage(
          'Access requests',
          who(context),
          <>
          <p>
            {plural(all.length, 'access request')}; {pending} waiting for a decision.
          </p>
          <Table label="Access requests">
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
                <td>
                  <Badge tone={row.status === 'approved' ? 'ok' : row.status === 'rejected' ? 'bad' : 'warn'}>{row.status}</Badge>
                  {row.decidedBy ? ` by ${row.decidedBy}` : ''}
                </td>
                <td>
                  {row.grants.map((grant) => (
                    <div>
                      {grant.documentId}: {grant.revokedAt ? `revoked ${day(grant.revokedAt)}` : `until ${day(grant.expiresAt)}`},{' '}
                          {plural(grant.downloads, 'download')}
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
                        <ActionButton action={`/admin/requests/${row.id}/reject`} csrf={csrf} label="Reject" secondary />
                      </>
                    ) : null}
                    {row.grants.some((grant) => !grant.revokedAt) ? (
                      <ActionButton action={`/admin/requests/${row.id}/revoke`} csrf={csrf} label="Revoke links" secondary />
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </Table>
          <Pager path="/admin/requests" of={shown} label="Access requests" />
          </>,
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
