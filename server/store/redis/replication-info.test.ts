import { describe, expect, it } from 'vitest';
import { parsePrimaryReplication } from './replication-info';

describe('parsePrimaryReplication', () => {
  it('reads the offset and each replica, by announced name or address', () => {
    const info = [
      '# Replication',
      'role:master',
      'connected_slaves:2',
      'min_slaves_good_slaves:2',
      'slave0:ip=redis-replica,port=6379,state=online,offset=1196421,lag=0',
      'slave1:ip=127.0.0.1,port=35215,state=wait_bgsave,offset=0,lag=1',
      'master_failover_state:no-failover',
      'master_replid:6359f7fc0b93ffa842b14be47981ba11d0c73306',
      'master_repl_offset:1196500',
      '',
    ].join('\r\n');
    expect(parsePrimaryReplication(info)).toEqual({
      replicationId: '6359f7fc0b93ffa842b14be47981ba11d0c73306',
      offset: 1196500,
      replicas: [
        { host: 'redis-replica', port: 6379, state: 'online', offset: 1196421 },
        { host: '127.0.0.1', port: 35215, state: 'wait_bgsave', offset: 0 },
      ],
    });
  });

  it('gives no replicas for a primary without any, and skips a line it cannot place', () => {
    expect(parsePrimaryReplication('role:master\r\nconnected_slaves:0\r\nmaster_repl_offset:0\r\n')).toEqual({ replicationId: '', offset: 0, replicas: [] });
    expect(parsePrimaryReplication('slave0:state=online,offset=5\r\nslave1:ip=h,port=x,offset=5\r\nmaster_repl_offset:9').replicas).toEqual([]);
  });
});
