import { createSocket } from 'node:dgram';
import dns2 from 'dns2';

const { Packet } = dns2;

/** Response codes (RFC 1035 §4.1.1); dns2 has them at runtime but its types omit them. */
const rcode = { servfail: 2, nxdomain: 3 } as const;

/** The records one name answers with; a type left out answers NOERROR with no data. */
export interface ZoneName {
  caa?: { flags?: number; tag: string; value: string }[];
  /** Each entry is one TXT record: a string, or its character-strings. */
  txt?: (string | string[])[];
  mx?: { exchange: string; priority: number }[];
  /** Answer every query for this name with SERVFAIL. */
  servfail?: boolean;
}

/** A running test DNS server: `address` is `127.0.0.1:PORT` for `dnsServers`. */
export interface TestDnsServer {
  address: string;
  close(): Promise<void>;
}

/**
 * Starts an authoritative-looking DNS server (dns2, UDP on 127.0.0.1, port 0) that answers
 * from `zone` (keys are lower-case names) and NXDOMAIN for every name not in it. dns2 encodes
 * CAA, TXT and MX records itself.
 */
export async function startDnsServer(zone: Record<string, ZoneName>): Promise<TestDnsServer> {
  const server = dns2.createServer({
    udp: true,
    handle(request, send) {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      const entry = question && zone[question.name.toLowerCase()];
      if (!question || !entry) {
        response.header.rcode = rcode.nxdomain;
      } else if (entry.servfail) {
        response.header.rcode = rcode.servfail;
      } else {
        const answer = (record: Parameters<typeof Packet.createResourceFromQuestion>[1]) =>
          response.answers.push(
            Packet.createResourceFromQuestion(question, { ttl: 60, ...record }),
          );
        if (question.type === Packet.TYPE.CAA) {
          for (const caa of entry.caa ?? []) answer({ flags: 0, ...caa });
        }
        if (question.type === Packet.TYPE.TXT) for (const data of entry.txt ?? []) answer({ data });
        if (question.type === Packet.TYPE.MX) for (const mx of entry.mx ?? []) answer(mx);
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return { address: `127.0.0.1:${addresses.udp?.port}`, close: () => server.close() };
}

/** A UDP socket on 127.0.0.1 that reads DNS queries and never answers them. */
export async function startSilentDnsServer(): Promise<TestDnsServer> {
  const socket = createSocket('udp4');
  socket.on('message', () => {});
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
