import { Module } from '@nestjs/common';
import { auditKeyProvider, trustedKeysProvider } from './audit-key.provider';
import { AuditController } from './audit.controller';
import { CheckpointService } from './checkpoint.service';
import { ExportsController } from './exports.controller';

@Module({
  providers: [auditKeyProvider, trustedKeysProvider, CheckpointService],
  controllers: [AuditController, ExportsController],
  exports: [CheckpointService],
})
export class AuditModule {}
