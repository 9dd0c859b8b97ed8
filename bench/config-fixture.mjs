// The compose file the config benches load: generated, so that its size can vary.

/** A 50-service project of the usual shapes: images and builds, ports, env, volumes, dependencies, healthchecks, networks. */
export function composeText(count) {
  const lines = ['version: "3.8"', 'x-defaults: &defaults', '  restart: unless-stopped', '  logging:', '    driver: json-file', '    options: {max-size: 10m}', 'services:'];
  for (let i = 0; i < count; i++) {
    lines.push(`  svc${i}:`, '    <<: *defaults');
    if (i % 5 === 0) lines.push(`    build: {context: ./svc${i}, args: {VERSION: "\${VERSION:-1.0}"}}`, `    image: example/svc${i}:latest`);
    else lines.push(`    image: "example/svc${i}:\${TAG:-${i}}"`);
    lines.push(
      `    command: ["run", "--port", "${8000 + i}"]`,
      `    ports: ["${10000 + i}:${8000 + i}", "127.0.0.1:${20000 + i}:9000/udp"]`,
      '    environment:',
      `      SERVICE_NAME: svc${i}`,
      '      LOG_LEVEL: info',
      `      DATABASE_URL: postgres://db:5432/svc${i}`,
      `    volumes: ["data${i % 10}:/var/lib/svc", "./config/svc${i}.yml:/etc/svc.yml:ro"]`,
      '    networks: [front, back]',
      '    healthcheck:',
      `      test: ["CMD", "wget", "-q", "-O-", "http://localhost:${8000 + i}/health"]`,
      '      interval: 30s',
      '      timeout: 5s',
      '      retries: 3',
      '    labels:',
      `      com.example.team: team${i % 4}`,
      '      com.example.tier: backend',
    );
    if (i > 0) lines.push('    depends_on:', `      svc${i - 1}:`, '        condition: service_started');
    if (i % 7 === 0) lines.push('    deploy: {resources: {limits: {cpus: "0.5", memory: 256M}}}');
  }
  lines.push('networks:', '  front: {}', '  back: {internal: true}', 'volumes:');
  for (let v = 0; v < 10; v++) lines.push(`  data${v}: {}`);
  return lines.join('\n') + '\n';
}
